from django.apps import AppConfig

from bpets.modules import Module


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"
    module_info = Module(
        title="Reporting",
        summary="The statistical snapshot and the reports headquarters sends upward.",
        holds=(
            (
                "The statistical snapshot import: aggregate counts only, never person-"
                "level records."
            ),
            (
                "GPRA reports: the area of responsibility summary per sector and for "
                "the nation."
            ),
            "Intelligence reports with trends as charts beside their tables.",
            (
                "CSV for use inside the agency, PDF marked For Official Use Only, and "
                "release for outside use."
            ),
        ),
    )

    def ready(self):
        from django.db.models.signals import post_migrate

        from reporting import measures, retention_rules

        post_migrate.connect(measures.sync_catalog, sender=self)
        retention_rules.register_rules()
