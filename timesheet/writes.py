"""Bulk writes that keep history, as DESIGN asks of every tracked model."""

from django.utils import timezone
from simple_history.utils import bulk_create_with_history


def create_with_history(model, objects: list, *, actor=None) -> list:
    """Insert ``objects`` and one history row each, in the same transaction."""
    if not objects:
        return []
    return bulk_create_with_history(
        objects,
        model,
        batch_size=2000,
        default_user=actor,
        default_date=timezone.now(),
    )
