"""The base of management commands that act through the services."""

from django.core.management.base import BaseCommand

from security import audit


class AuditedCommand(BaseCommand):
    """A command whose audit events are written as a request's are: a
    refusal stays even when the command fails and its work is rolled back."""

    def execute(self, *args, **options):
        with audit.collecting():
            return super().execute(*args, **options)
