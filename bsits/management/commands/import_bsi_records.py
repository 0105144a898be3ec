from pathlib import Path

from django.core.management.base import CommandError

from bsits import enforcement, receiving
from security import interfaces
from security.commands import AuditedCommand
from security.models import ServiceAccount


class Command(AuditedCommand):
    help = (
        "Import a file of BSI messages from the enforcement system (the format "
        "is in the README), as the enforcement system's service account. The "
        "signature is FILE.sig beside the file unless --signature gives it. "
        "The whole file is checked first; a file with any problem is refused "
        "and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--signature", help="sha256=<hex>, when no FILE.sig travels beside it"
        )
        parser.add_argument(
            "--account",
            help="The enforcement service account's name, when there are several.",
        )

    def _account(self, name):
        accounts = ServiceAccount.objects.filter(
            partner=receiving.PARTNER, user__is_active=True
        )
        if name:
            accounts = accounts.filter(name=name)
        found = list(accounts.select_related("user", "unit")[:2])
        if len(found) != 1:
            raise CommandError(
                "Name the enforcement system's service account with --account: "
                f"{'none matches' if not found else 'there are several'}."
            )
        return found[0]

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        account = self._account(options["account"])
        signature = options["signature"] or interfaces.detached_signature(path)
        try:
            outcomes = receiving.import_file(
                body=path.read_bytes(),
                signature=signature,
                name=path.name,
                actor=account.user,
                units=receiving.reach_of_unit(account.unit),
                source="import_bsi_records",
            )
        except (interfaces.SignatureRefused, enforcement.MessageRefused) as refusal:
            raise CommandError(
                f"Refused {path.name}: {refusal} Nothing was imported."
            ) from None
        created = sum(1 for outcome in outcomes if outcome.created)
        items = sum(outcome.review_items for outcome in outcomes)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {len(outcomes)} messages, {created} new "
                f"events, {len(outcomes) - created} corrected, {items} fields "
                "listed for review."
            )
        )
