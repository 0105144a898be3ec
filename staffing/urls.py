from django.urls import path

from staffing import (
    correction_views,
    directory_views,
    import_views,
    report_views,
    search_views,
    views,
)

app_name = "staffing"

urlpatterns = [
    path("", views.StaffingLandingView.as_view(), name="index"),
    path("me/", views.my_profile, name="my-profile"),
    path("directory/", search_views.directory_search, name="directory"),
    path("me/corrections/", correction_views.my_corrections, name="my-corrections"),
    path("corrections/", correction_views.queue, name="corrections"),
    path("corrections/<int:pk>/", correction_views.detail, name="correction"),
    path("me/seen-by/", views.seen_by, name="seen-by"),
    path("me/shown/", views.choose_shown_fields, name="shown-fields"),
    path("people/new/", views.new_employee, name="new-employee"),
    path("people/import/", import_views.import_people, name="import"),
    path("people/import/confirm/", import_views.confirm_import, name="import-confirm"),
    path(
        "people/import/example.csv",
        import_views.example_file,
        name="import-example",
    ),
    path("canines/", views.canines, name="canines"),
    path("directory/push/", directory_views.directory_queue, name="directory-queue"),
    path(
        "directory/push/<int:pk>/retry/",
        directory_views.retry_message,
        name="directory-retry",
    ),
    path(
        "reports/emergency/",
        report_views.my_emergency_report,
        name="emergency-report",
    ),
    path(
        "reports/emergency/<int:pk>/",
        report_views.emergency_report,
        name="emergency-report-of",
    ),
    path(
        "reports/emergency/<int:pk>.pdf",
        report_views.emergency_report_pdf,
        name="emergency-report-pdf",
    ),
    path("reports/rosters/", report_views.rosters, name="rosters"),
    path("reports/rosters/<int:station>/", report_views.roster, name="roster"),
    path(
        "reports/rosters/<int:station>.pdf",
        report_views.roster_pdf,
        name="roster-pdf",
    ),
    path("people/<int:pk>/separate/", views.separate, name="separate"),
    path(
        "me/subordinates.csv",
        views.export_subordinates,
        name="subordinates-export",
    ),
    path("people/<int:pk>/export.csv", views.export_profile, name="profile-export"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/edit/<slug:group>/", views.edit_group, name="edit"),
    path("people/<int:pk>/lists/<slug:kind>/", views.edit_list, name="edit-list"),
]
