from django.urls import path

from scheduling import (
    default_views,
    detail_views,
    g259_views,
    g481_views,
    reference_views,
    request_views,
)

app_name = "scheduling"

urlpatterns = [
    path("", request_views.Landing.as_view(app_label=app_name), name="index"),
    path("requests/", request_views.mine, name="my-requests"),
    path("requests/leave/new/", request_views.new_leave, name="new-leave-request"),
    path("requests/change/new/", request_views.new_change, name="new-change-request"),
    path("requests/to-decide/", request_views.to_decide, name="requests-to-decide"),
    path("requests/leave/<int:pk>/", request_views.leave_request, name="leave-request"),
    path(
        "requests/leave/<int:pk>/step/",
        request_views.leave_request_step,
        name="leave-request-step",
    ),
    path(
        "requests/change/<int:pk>/",
        request_views.change_request,
        name="change-request",
    ),
    path(
        "requests/change/<int:pk>/step/",
        request_views.change_request_step,
        name="change-request-step",
    ),
    path("details/", detail_views.index, name="details"),
    path("details/new/", detail_views.new, name="new-detail"),
    path("details/report/", detail_views.report, name="details-report"),
    path(
        "details/report/export/",
        detail_views.report_export,
        name="details-report-export",
    ),
    path("details/counts/", detail_views.counts, name="detail-counts"),
    path(
        "details/counts/export/",
        detail_views.counts_export,
        name="detail-counts-export",
    ),
    path("details/<int:pk>/", detail_views.page, name="detail"),
    path("details/<int:pk>/step/", detail_views.step, name="detail-step"),
    path("defaults/", default_views.people, name="defaults"),
    path("g259/", g259_views.schedules, name="g259-schedules"),
    path("g259/initialize/", g259_views.start_initialization, name="g259-initialize"),
    path("g259/runs/<int:run_pk>/", g259_views.run, name="g259-run"),
    path("g259/<int:schedule_pk>/", g259_views.grid, name="g259"),
    path("g259/<int:schedule_pk>/cells/", g259_views.change_cells, name="g259-cells"),
    path(
        "g259/<int:schedule_pk>/cells/<int:cell_pk>/",
        g259_views.cell,
        name="g259-cell",
    ),
    path(
        "g259/<int:schedule_pk>/overrides/", g259_views.override, name="g259-override"
    ),
    path("g259/<int:schedule_pk>/finalize/", g259_views.finalize, name="g259-finalize"),
    path("g259/<int:schedule_pk>/reopen/", g259_views.reopen, name="g259-reopen"),
    path("g259/<int:schedule_pk>/print/", g259_views.printed, name="g259-print"),
    path("g259/<int:schedule_pk>/changes/", g259_views.changes, name="g259-changes"),
    path("g481/", g481_views.days, name="g481-days"),
    path("g481/runs/<int:daily_run_pk>/", g481_views.run, name="g481-run"),
    path("g481/<int:daily_pk>/", g481_views.day, name="g481"),
    path(
        "g481/<int:daily_pk>/entries/<int:entry_pk>/",
        g481_views.entry,
        name="g481-entry",
    ),
    path("g481/<int:daily_pk>/overrides/", g481_views.override, name="g481-override"),
    path("g481/<int:daily_pk>/call-in/", g481_views.call_in, name="g481-call-in"),
    path("g481/<int:daily_pk>/changes/", g481_views.changes, name="g481-changes"),
    path("g481/<int:daily_pk>/print/", g481_views.printed, name="g481-print"),
    path("g481/<int:daily_pk>/pdf/", g481_views.printed_pdf, name="g481-pdf"),
    path("on-shift/", g481_views.on_shift_stations, name="on-shift-stations"),
    path("on-shift/<int:station_pk>/", g481_views.on_shift, name="on-shift"),
    path("defaults/<int:employee_pk>/", default_views.edit, name="default"),
    path("reference/", reference_views.stations, name="reference-stations"),
    path(
        "reference/national/<slug:kind>/",
        reference_views.records,
        name="national",
    ),
    path(
        "reference/national/<slug:kind>/new/",
        reference_views.edit,
        name="national-new",
    ),
    path(
        "reference/national/<slug:kind>/<int:pk>/",
        reference_views.edit,
        name="national-edit",
    ),
    path(
        "reference/<int:station_pk>/<slug:kind>/",
        reference_views.records,
        name="reference",
    ),
    path(
        "reference/<int:station_pk>/<slug:kind>/new/",
        reference_views.edit,
        name="reference-new",
    ),
    path(
        "reference/<int:station_pk>/<slug:kind>/<int:pk>/",
        reference_views.edit,
        name="reference-edit",
    ),
]
