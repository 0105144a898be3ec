from django.core.management.base import BaseCommand, CommandError

from security import audit_chain


class Command(BaseCommand):
    help = (
        "Recompute every audit chain and name each broken chain's first broken "
        "link. Exits 1 when any chain is broken."
    )

    def handle(self, *args, **options):
        report = audit_chain.verify_chains()

        for broken in report.broken:
            self.stderr.write(str(broken))
        if report.broken:
            raise CommandError(
                f"{len(report.broken)} of {report.chains} audit chains are broken.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {report.chains} audit chains, {report.links} links verified, "
                f"none broken ({report.unsealed} events not yet sealed)."
            )
        )
