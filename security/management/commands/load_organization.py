from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from security import organization_data, services


class Command(BaseCommand):
    help = (
        "Load headquarters, the sectors and their stations from the published "
        "lists. Safe to run again: only what differs is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sectors", type=Path, default=organization_data.SECTORS_FILE
        )
        parser.add_argument(
            "--stations", type=Path, default=organization_data.STATIONS_FILE
        )

    def handle(self, *args, **options):
        for name in ("sectors", "stations"):
            if not options[name].is_file():
                raise CommandError(f"No such file: {options[name]}")
        try:
            report = services.load_organization(options["sectors"], options["stations"])
        except organization_data.OrganizationDataError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was loaded; the files have problems:\n{lines}"
            ) from None

        for unit in report.added:
            self.stdout.write(f"added    {unit}")
        for change in report.changed:
            self.stdout.write(f"changed  {change}")
        for unit in report.not_in_file:
            self.stdout.write(f"kept, not in the files: {unit}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Organization: {len(report.added)} added, "
                f"{len(report.changed)} changed, {report.unchanged} unchanged."
            )
        )
