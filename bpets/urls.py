from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from bpets import notification_views, views
from bpets.auth_forms import LoginForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path("notifications/", notification_views.listing, name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        notification_views.read,
        name="notification-read",
    ),
    path(
        "notifications/read/",
        notification_views.read_all,
        name="notifications-read-all",
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", include("security.urls")),
    path("staffing/", include("staffing.urls")),
    path("vehicles/", include("vehicles.urls")),
    path("checkpoints/", include("checkpoints.urls")),
    path("scheduling/", include("scheduling.urls")),
    path("timesheet/", include("timesheet.urls")),
    path("operations-orders/", include("operations_orders.urls")),
    path("bsits/", include("bsits.urls")),
    path("reporting/", include("reporting.urls")),
    # The admin has no login of its own: ours shows the system-use notice
    # and counts failures toward the lockout.
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="login", query_string=True)
        ),
    ),
    path("admin/", admin.site.urls),
]
