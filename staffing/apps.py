from django.apps import AppConfig

from bpets.modules import Module


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = "Staffing"
    module_info = Module(
        title="Staffing",
        summary=(
            "Every person's profile, each group of fields shown only to its audience."
        ),
        holds=(
            (
                "Employee and contractor profiles: work, personal, HR, medical, "
                "emergency and identity information."
            ),
            "Skills, emergency contacts and the chain of command.",
            "The directory, searchable by name, station, sector, title and skill.",
            "Station rosters and the emergency notification report.",
            (
                "Bulk import from a spreadsheet, correction requests and the push to "
                "the telephone directory."
            ),
        ),
    )

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from security import providers
        from staffing import (
            chain_of_command,
            directory_push,
            directory_retention,
            retention_rules,
            skills,
        )

        post_migrate.connect(skills.sync_catalog, sender=self)
        retention_rules.register_rules()
        directory_retention.register_rules()

        # Every save of an employee, whatever path it takes, may change the
        # telephone directory's listing; the handler queues it if it did.
        post_save.connect(
            directory_push.queue_listing_change,
            sender="staffing.Employee",
            dispatch_uid="staffing.directory_push.save",
        )
        post_delete.connect(
            directory_push.queue_removal,
            sender="staffing.Employee",
            dispatch_uid="staffing.directory_push.delete",
        )

        providers.register_chain_of_command(
            supervisor_of=chain_of_command.supervisor_login_of,
            is_supervisory=chain_of_command.is_supervisory,
        )
