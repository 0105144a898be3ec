from django.urls import path

from scheduling import default_views, reference_views, request_views

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
    path("defaults/", default_views.people, name="defaults"),
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
