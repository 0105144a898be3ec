"""The BSITS module's part of the records retention schedule.

An event whose subject was arrested, detained or removed belongs with the
enforcement record and is kept 75 years; every other event 20 years. Both
periods run from the closing of the event (an open event is never due).
Purging an event removes its subjects, the enforcement system's
corrections listed for review, and the history of all three.
"""

from django.db.models import Exists, OuterRef

from bsits.models import (
    ENFORCEMENT_DISPOSITIONS,
    Event,
    EventStatus,
    ReviewItem,
    Subject,
)
from security import retention
from security.retention import Period, Rule, Source


def _enforcement_linked():
    return Exists(
        Subject.objects.filter(
            event=OuterRef("pk"), disposition__in=ENFORCEMENT_DISPOSITIONS
        )
    )


def _closed_before(cutoff):
    return Event.objects.filter(status=EventStatus.CLOSED, closed_at__date__lt=cutoff)


def _linked_due(cutoff):
    return _closed_before(cutoff).filter(_enforcement_linked())


def _other_due(cutoff):
    return _closed_before(cutoff).exclude(_enforcement_linked())


def _purge(primary_keys) -> int:
    # The deletes write one last history row of each record; removed too.
    purged = Event.objects.filter(pk__in=primary_keys).delete()[1]
    Subject.history.filter(event_id__in=primary_keys).delete()
    # A review item may hold a subject's values.
    ReviewItem.history.filter(event_id__in=primary_keys).delete()
    Event.history.filter(id__in=primary_keys).delete()
    return purged.get(Event._meta.label, 0)


ENFORCEMENT_LINKED_EVENTS = Rule(
    code="bsits.enforcement_linked_events",
    title="Deaths and rescues linked to an enforcement action",
    records=(
        "A death or rescue with a subject arrested, detained or removed: the "
        "event, its subjects, and the history of both."
    ),
    runs_from="The event is closed (every disposition final).",
    sources=(
        Source(
            "Agency schedule, alien enforcement records",
            Period(years=75),
            "Records linked to an arrest, detention or removal: destroy 75 "
            "years after the case is closed.",
        ),
    ),
    due=_linked_due,
    purge=_purge,
    kind="BSITS event (enforcement-linked)",
    batch_size=100,
)

OTHER_EVENTS = Rule(
    code="bsits.events",
    title="Deaths and rescues",
    records=(
        "A death or rescue with no subject arrested, detained or removed: the "
        "event, its subjects, and the history of both."
    ),
    runs_from="The event is closed (every disposition final).",
    sources=(
        Source(
            "Agency schedule, Border Safety Initiative records",
            Period(years=20),
            "Destroy 20 years after the event is closed.",
        ),
    ),
    due=_other_due,
    purge=_purge,
    kind="BSITS event",
    batch_size=100,
)


def register_rules() -> None:
    for rule in (ENFORCEMENT_LINKED_EVENTS, OTHER_EVENTS):
        retention.register(rule)
