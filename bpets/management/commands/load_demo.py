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
        for login in demo.logins:
            self.stdout.write(f"  {login.username:<14} {login.name:<22} {login.role}")
        self.stdout.write(f"  password: {demo.password}")
