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
        from bpets.modules import register_opening
        from staffing.panels import register_panel
        from vehicles import panels, policies, retention_rules

        retention_rules.register_rules()
        register_panel(panels.current_vehicle_panel)
        # Anyone with a role at a station sees its fleet (vehicles.policies):
        # the navigation leads them there, not only a typed address.
        register_opening("vehicles", lambda user: bool(policies.stations_seen(user)))
