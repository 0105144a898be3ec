from django.core.management.base import CommandError

from security.commands import AuditedCommand
from security.retention import engine


class Command(AuditedCommand):
    help = (
        "Carry out the records retention schedule now, as the nightly job does "
        "(a run that stopped is taken up again). With --dry-run, only list "
        "what it would remove."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Change nothing; count and list what a run would remove.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        try:
            retention_run = engine.run(dry_run=dry_run)
        except engine.RunInProgress as busy:
            raise CommandError(str(busy)) from None

        done = "would go" if dry_run else "purged"
        for code, counts in retention_run.counts().items():
            purged = counts["would_purge" if dry_run else "purged"]
            self.stdout.write(
                f"{code}: {counts['due']} due, {counts['held']} held, {purged} {done}"
            )
        kind = "Dry run" if dry_run else "Run"
        self.stdout.write(
            self.style.SUCCESS(f"{kind} {retention_run.pk} of {retention_run.today}.")
        )
