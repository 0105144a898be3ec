from django.core.management.base import BaseCommand
from django.db import transaction

from bpets.demo_population import populate_all


class Command(BaseCommand):
    help = (
        "Create the demo population (fictional staff at one real station) and "
        "print its logins. For demonstration machines only; safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            demo = populate_all()

        for note in demo.notes:
            self.stdout.write(note)
        self.stdout.write("")
        self.stdout.write("Demo logins (every one has the password below):")
        # Columns as wide as their longest entry, so every row lines up.
        user_width = max(len(login.username) for login in demo.logins)
        name_width = max(len(login.name) for login in demo.logins)
        for login in demo.logins:
            self.stdout.write(
                f"  {login.username:<{user_width}} {login.name:<{name_width}} "
                f"{login.role}"
            )
        self.stdout.write(f"  password: {demo.password}")
