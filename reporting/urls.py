from django.urls import path

from reporting import release_views, report_views, snapshot_views, views

app_name = "reporting"

urlpatterns = [
    path("", views.ReportingLandingView.as_view(), name="index"),
    path("aor-summary/", views.aor_summary, name="aor-summary"),
    path("aor-summary.csv", views.aor_summary_csv, name="aor-summary-csv"),
    path("aor-summary.pdf", views.aor_summary_pdf, name="aor-summary-pdf"),
    path("gpra/zones/", report_views.zones_page, name="gpra-zones"),
    path("gpra/zones.csv", report_views.zones_csv, name="gpra-zones-csv"),
    path("gpra/zones.pdf", report_views.zones_pdf, name="gpra-zones-pdf"),
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
