from django.core.management.base import CommandError

from reporting import areas, loaders
from reporting.models import ImportRun
from security.commands import AuditedCommand


class Command(AuditedCommand):
    help = (
        "Load the published Border Patrol statistics shipped in reporting/data "
        "into the snapshot, one version per table. Safe to run again: a table "
        "already loaded changes nothing."
    )

    def handle(self, *args, **options):
        if not areas.places().sectors:
            raise CommandError(
                "The organization tree is empty: run 'manage.py load_organization' "
                "first."
            )
        refused = []
        for outcome in loaders.load_all():
            if outcome.state == ImportRun.State.LOADED:
                said = f"loaded as version {outcome.version.pk}"
            elif outcome.state == ImportRun.State.UNCHANGED:
                said = f"already version {outcome.version.pk}, unchanged"
            else:
                said = "NOT LOADED"
                refused.append(outcome)
            self.stdout.write(f"{outcome.file}: {said}")
            for problem in outcome.problems[:5]:
                self.stdout.write(
                    f"  line {problem['line']} {problem['column']}: "
                    f"{problem['message']}"
                )
        if refused:
            raise CommandError(f"{len(refused)} table(s) not loaded.")
