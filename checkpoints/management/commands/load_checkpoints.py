from pathlib import Path

from django.core.management.base import CommandError

from checkpoints import checkpoint_data, loading
from security.commands import AuditedCommand


class Command(AuditedCommand):
    help = (
        "Load the traffic checkpoints from the published list. Safe to run "
        "again: only what differs is changed, and what checkpoint "
        "administrators corrected or completed stays."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=checkpoint_data.CHECKPOINTS_FILE
        )

    def handle(self, *args, **options):
        if not options["file"].is_file():
            raise CommandError(f"No such file: {options['file']}")
        try:
            report = loading.load_checkpoints(options["file"])
        except checkpoint_data.CheckpointDataError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(
                f"Nothing was loaded; the file has problems:\n{lines}"
            ) from None

        for checkpoint in report.added:
            self.stdout.write(f"added    {checkpoint}")
        for change in report.changed:
            self.stdout.write(f"changed  {change}")
        for kept in report.kept_corrections:
            self.stdout.write(f"kept, as an administrator corrected it: {kept}")
        for checkpoint in report.not_in_file:
            self.stdout.write(f"kept, not in the file: {checkpoint}")
        states = ", ".join(
            f"{state} {count}" for state, count in report.by_state.items()
        )
        outcome = "" if report.changed_anything else " Nothing to change."
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoints: {len(report.added)} added, "
                f"{len(report.changed)} changed, {report.unchanged} unchanged "
                f"(in the file: {states}).{outcome}"
            )
        )
