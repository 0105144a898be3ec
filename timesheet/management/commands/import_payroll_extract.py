from pathlib import Path

from django.core.management.base import CommandError

from security import interfaces
from security.commands import AuditedCommand
from security.models import User
from timesheet import payroll_extract, policies
from timesheet.models import PayrollExtractRun


class Command(AuditedCommand):
    help = (
        "Import the payroll provider's extract of a pay period (the format is "
        "in the README). The signature is FILE.sig unless --signature gives it. "
        "The whole file is checked first; a file with any problem is refused and "
        "nothing changes. The same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--signature",
            help='The signature, "sha256=<hex>" (default: the text of FILE.sig).',
        )
        parser.add_argument(
            "--user",
            required=True,
            help=(
                "The login of the personnel officer the import is made for: the "
                "profiles' history names them, and each line must be of a "
                "station they are personnel over."
            ),
        )

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active login {options['user']!r}.")
        if not policies.may_import_payroll_extract(user):
            raise CommandError(
                f"{user.get_username()} may not import: the extract is imported "
                f"by {policies.PAYROLL_EXTRACT_IMPORTERS}."
            )
        signature = options["signature"]
        if signature is None:
            signature = interfaces.detached_signature(path)
        run = payroll_extract.import_now(
            path.read_bytes(), path.name, signature=signature, started_by=user
        )
        self._report(run, path.name)

    def _report(self, run, name) -> None:
        if run.state == PayrollExtractRun.State.REFUSED:
            for problem in run.errors:
                where = f"line {problem['line']}" if problem["line"] else "the file"
                if problem["column"]:
                    where += f", {problem['column']}"
                self.stderr.write(f"{where}: {problem['message']}")
            if run.errors_more:
                self.stderr.write(f"... and {run.errors_more} more problems.")
            raise CommandError(f"Refused {name} (run {run.pk}): nothing changed.")
        if run.state == PayrollExtractRun.State.FAILED:
            raise CommandError(
                f"Loading {name} failed (run {run.pk}); nothing changed."
            )
        extract = run.extract
        if run.state == PayrollExtractRun.State.UNCHANGED:
            self.stdout.write(
                f"{name} is already payroll extract {extract.pk} "
                f"({extract.pay_period}); nothing changed."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {name} as payroll extract {extract.pk} "
                f"({extract.pay_period}, run {run.pk}): {extract.record_count} "
                f"employees, {run.pay_fields_changed} pay fields changed, "
                f"{run.balances_differing} leave balances differing from BPETS's."
            )
        )
