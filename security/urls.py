from django.urls import path

from security import (
    access_views,
    audit_views,
    password_views,
    service_account_views,
    views,
)
from security.retention import views as retention_views

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
        "service-accounts/",
        service_account_views.service_accounts_page,
        name="service-accounts",
    ),
    path(
        "service-accounts/<int:pk>/tokens/",
        service_account_views.issue_token,
        name="issue-service-token",
    ),
    path(
        "service-tokens/<int:pk>/revoke/",
        service_account_views.revoke_token,
        name="revoke-service-token",
    ),
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
    path("retention/", retention_views.overview, name="retention"),
    path("retention/dry-run/", retention_views.dry_run, name="retention-dry-run"),
    path("retention/runs/<int:pk>/", retention_views.run_detail, name="retention-run"),
    path("retention/holds/", retention_views.place_hold, name="retention-place-hold"),
    path(
        "retention/holds/<int:pk>/lift/",
        retention_views.lift_hold,
        name="retention-lift-hold",
    ),
    path(
        "retention/rules/<str:code>/source/",
        retention_views.choose_source,
        name="retention-choose-source",
    ),
    path("retention/report/", retention_views.report, name="retention-report"),
    path(
        "retention/report.pdf",
        retention_views.report_pdf,
        name="retention-report-pdf",
    ),
    path(
        "organization/<int:pk>/",
        views.OrganizationUnitView.as_view(),
        name="organization-unit",
    ),
]
