from pathlib import Path

from django.core.management.base import CommandError

from reporting import snapshot
from reporting.models import ImportRun
from security.commands import AuditedCommand


class Command(AuditedCommand):
    help = (
        "Import a statistical snapshot file (the format is in the README). The "
        "whole file is checked first; a file with any problem is refused and "
        "nothing changes. The same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        run = snapshot.import_now(path.read_bytes(), path.name)

        if run.state == ImportRun.State.REFUSED:
            for problem in run.errors:
                where = f"line {problem['line']}"
                if problem["column"]:
                    where += f", {problem['column']}"
                self.stderr.write(f"{where}: {problem['message']}")
            if run.errors_more:
                self.stderr.write(f"... and {run.errors_more} more problems.")
            raise CommandError(f"Refused {path.name}: nothing was imported.")
        if run.state == ImportRun.State.FAILED:
            raise CommandError(f"Loading {path.name} failed: nothing was imported.")
        if run.state == ImportRun.State.UNCHANGED:
            self.stdout.write(
                f"{path.name} is already snapshot version {run.version_id}; "
                "nothing changed."
            )
            return
        version = run.version
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name} as snapshot version {version.pk}: "
                f"{version.row_count} rows, fiscal years "
                f"{version.first_fiscal_year}-{version.last_fiscal_year}."
            )
        )
