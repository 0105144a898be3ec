from django.urls import path

from reporting import (
    catalog,
    deployment_views,
    release_views,
    report_views,
    snapshot_views,
    views,
)

app_name = "reporting"

REPORT_PATHS = (
    ("gpra/zones", "gpra-zones", catalog.ZONES),
    ("intelligence/apprehensions", "apprehensions", catalog.APPREHENSIONS),
    ("intelligence/national-guard", "national-guard", catalog.NATIONAL_GUARD),
    ("intelligence/canine-assists", "canine-assists", catalog.CANINE_ASSISTS),
)


def _report_paths():
    for prefix, name, report in REPORT_PATHS:
        page_view, csv_view, pdf_view = report_views.views_of(report, name)
        yield path(f"{prefix}/", page_view, name=name)
        yield path(f"{prefix}.csv", csv_view, name=f"{name}-csv")
        yield path(f"{prefix}.pdf", pdf_view, name=f"{name}-pdf")


urlpatterns = [
    *_report_paths(),
    path("", views.ReportingLandingView.as_view(), name="index"),
    path("aor-summary/", views.aor_summary, name="aor-summary"),
    path("aor-summary.csv", views.aor_summary_csv, name="aor-summary-csv"),
    path("aor-summary.pdf", views.aor_summary_pdf, name="aor-summary-pdf"),
    path("deployment/", deployment_views.deployment_page, name="deployment"),
    path("deployment.csv", deployment_views.deployment_csv, name="deployment-csv"),
    path(
        "deployment.csv.sig",
        deployment_views.deployment_signature,
        name="deployment-csv-sig",
    ),
    path("api/deployment", deployment_views.deployment_api, name="deployment-api"),
    path("releases/", release_views.release_list, name="releases"),
    path("releases/new/", release_views.release_new, name="release-new"),
    path("releases/<int:pk>/", release_views.release_detail, name="release"),
    path(
        "releases/<int:pk>/approve/",
        release_views.release_approve,
        name="release-approve",
    ),
    path(
        "releases/<int:pk>/refuse/", release_views.release_refuse, name="release-refuse"
    ),
    path("releases/<int:pk>/pdf/", release_views.release_pdf, name="release-pdf"),
    path("snapshot/imports/", snapshot_views.imports, name="imports"),
    path("snapshot/imports/<int:pk>/", snapshot_views.import_run, name="import-run"),
    path("snapshot/versions/", snapshot_views.versions, name="versions"),
    path("snapshot/versions/<int:pk>/", snapshot_views.version, name="version"),
]
