from django.urls import path

from bpets.views import ModuleLandingView
from scheduling import default_views, reference_views

app_name = "scheduling"

urlpatterns = [
    path("", ModuleLandingView.as_view(app_label=app_name), name="index"),
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
