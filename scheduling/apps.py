from django.apps import AppConfig

from bpets.modules import Module


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = "Scheduling"
    module_info = Module(
        title="Scheduling",
        summary="The bi-weekly G-259 and the daily G-481 schedules of each station.",
        holds=(
            (
                "Pay periods, zones and the technology deployed in them, activities and"
                " sub-activities."
            ),
            "Schedule defaults, leave requests and schedule change requests.",
            "The G-259 for each pay period, initialized from each agent's defaults.",
            "The G-481 for each day: shifts, activities, zones and vehicles.",
            "Details to other duty locations, and who is on shift now.",
        ),
        for_everyone=True,
    )

    def ready(self):
        from django.db.models.signals import post_migrate

        from scheduling import catalog, detail_selectors, panels, retention_rules
        from staffing.panels import register_panel
        from vehicles import providers

        post_migrate.connect(catalog.sync_catalog, sender=self)
        register_panel(panels.schedule_default_panel)
        retention_rules.register_rules()
        # Vehicles asks whether someone of another station is detailed there.
        providers.register_detail_provider(detail_selectors.is_detailed_to)
