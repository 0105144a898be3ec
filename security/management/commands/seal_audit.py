from datetime import timedelta

from django.core.management.base import BaseCommand

from security import audit_chain


class Command(BaseCommand):
    help = (
        "Link the audit log's new events into their actors' chains. Beat runs "
        "this every few minutes; safe to run again at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--margin",
            type=int,
            default=int(audit_chain.DEFAULT_MARGIN.total_seconds()),
            help="Seal only events older than this many seconds (default "
            "%(default)s), so that slower requests have written theirs.",
        )

    def handle(self, *args, **options):
        report = audit_chain.seal_chains(margin=timedelta(seconds=options["margin"]))

        self.stdout.write(
            self.style.SUCCESS(
                f"Sealed {report.links} events in {len(report.chains)} chains."
            )
        )
