from security.commands import AuditedCommand
from staffing import directory_delivery


class Command(AuditedCommand):
    help = (
        "Send the telephone directory the changes that are due. Beat runs this "
        "every minute; safe to run again at any time."
    )

    def handle(self, *args, **options):
        outcome = directory_delivery.push_due()

        self.stdout.write(
            self.style.SUCCESS(
                f"Sent {outcome.sent}; {outcome.retrying} to retry later, "
                f"{outcome.failed} failed for good, {outcome.superseded} replaced "
                f"by newer ones, {outcome.busy} being sent by another worker."
            )
        )
