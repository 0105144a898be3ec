from django.urls import path

from security import audit_views, views

app_name = "security"

urlpatterns = [
    path("", views.SecurityLandingView.as_view(), name="index"),
    path("organization/", views.OrganizationView.as_view(), name="organization"),
    path("audit/", audit_views.AuditLogView.as_view(), name="audit-log"),
    path(
        "organization/<int:pk>/",
        views.OrganizationUnitView.as_view(),
        name="organization-unit",
    ),
]
