from django.urls import path

from security import access_views, audit_views, password_views, views

app_name = "security"

urlpatterns = [
    path("", views.SecurityLandingView.as_view(), name="index"),
    path("organization/", views.OrganizationView.as_view(), name="organization"),
    path("audit/", audit_views.AuditLogView.as_view(), name="audit-log"),
    path("access/", access_views.my_access, name="my-access"),
    path(
        "access/requests/<int:pk>/withdraw/",
        access_views.withdraw_request,
        name="withdraw-request",
    ),
    path(
        "access/to-decide/", access_views.requests_to_decide, name="requests-to-decide"
    ),
    path(
        "access/to-decide/<int:pk>/", access_views.decide_request, name="decide-request"
    ),
    path("people/", access_views.people, name="people"),
    path("people/new/", access_views.new_account, name="new-account"),
    path("people/<int:pk>/", access_views.person, name="person"),
    path("people/<int:pk>/deactivate/", access_views.deactivate, name="deactivate"),
    path("grants/<int:pk>/revoke/", access_views.revoke, name="revoke"),
    path("lockouts/", access_views.lockouts, name="lockouts"),
    path("training/", access_views.training, name="training"),
    path(
        "set-password/<uidb64>/<token>/",
        password_views.SetPasswordView.as_view(),
        name="set-password",
    ),
    path(
        "password/",
        password_views.PasswordChangeView.as_view(),
        name="password-change",
    ),
    path(
        "organization/<int:pk>/",
        views.OrganizationUnitView.as_view(),
        name="organization-unit",
    ),
]
