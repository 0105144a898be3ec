from django.urls import path

from vehicles import views

app_name = "vehicles"

urlpatterns = [
    path("", views.VehiclesLandingView.as_view(), name="index"),
    path("stations/<int:station_pk>/", views.fleet, name="fleet"),
    path(
        "stations/<int:station_pk>/fleet.csv", views.fleet_export, name="fleet-export"
    ),
    path("stations/<int:station_pk>/new/", views.vehicle_new, name="new"),
    path("<int:pk>/", views.vehicle, name="vehicle"),
    path("<int:pk>/edit/", views.vehicle_edit, name="edit"),
    path("<int:pk>/transfer/", views.vehicle_transfer, name="transfer"),
    path("<int:pk>/status/", views.vehicle_status, name="status"),
    path("<int:pk>/odometer/", views.vehicle_odometer, name="odometer"),
    path("<int:pk>/assign/", views.vehicle_assign, name="assign"),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/end/",
        views.assignment_end,
        name="assignment-end",
    ),
]
