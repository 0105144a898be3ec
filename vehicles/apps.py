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

    def ready(self):
        from staffing.panels import register_panel
        from vehicles import panels, retention_rules

        retention_rules.register_rules()
        register_panel(panels.current_vehicle_panel)
