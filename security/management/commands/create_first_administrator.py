import getpass
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from security import services
from security.commands import AuditedCommand
from security.models import OrganizationUnit, User


class Command(AuditedCommand):
    help = (
        "At install, open the first account and seat it as access administrator "
        "over headquarters. Everyone else is provisioned from the pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--investigation-date",
            required=True,
            type=date.fromisoformat,
            help="Date of the favorable background investigation (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        headquarters = OrganizationUnit.objects.filter(kind="HQ").first()
        if headquarters is None:
            raise CommandError(
                "Load the organization first: manage.py load_organization"
            )
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"The username {options['username']} is taken.")

        user = User(
            username=options["username"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
            home_unit=headquarters,
            background_investigation_status=User.Investigation.FAVORABLE,
            background_investigation_date=options["investigation_date"],
        )
        password = getpass.getpass("Password: ")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)

        with transaction.atomic():
            user.save()
            services.bootstrap_access_administrator(
                user=user,
                unit=headquarters,
                reason="First access administrator, seated at install.",
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.username} is access administrator over {headquarters}."
            )
        )
