from django.apps import AppConfig

from bpets.modules import Module


class VehiclesConfig(AppConfig):
    name = "vehicles"
    verbose_name = "Vehicles"
    module_info = Module(
        title="Vehicles",
        summary="The fleet at each duty location and who had which vehicle when.",
        holds=(
            (
                "Vehicles by station: fleet number, VIN, plate, make, model, type and "
                "status."
            ),
            "Status changes and odometer readings, each with its date.",
            (
                "Assignment records: which employee had which vehicle, from when until "
                "when, and why."
            ),
        ),
    )
