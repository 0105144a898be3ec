"""Events linked to an arrest, detention or removal are kept 75 years after
closing; the others 20 years."""

from datetime import UTC, date, datetime

import pytest

from bsits import services
from bsits.models import Event, ReviewItem, Subject
from security import retention
from security.retention import engine
from tests.bsits.conftest import (
    SUBJECT,
    change_subject,
    enforcement_message,
    unlinked_subject,
)
from tests.security.retention_helpers import TODAY, history_rows_holding

pytestmark = pytest.mark.django_db


def closed_on(day, record, editor, name, disposition="TREATED_RELEASED"):
    event = record(day=date(1950, 1, 1))
    services.add_subject(
        actor=editor,
        event=event,
        fields={
            **SUBJECT,
            "family_name": name,
            # Born before the event of 1950.
            "date_of_birth": date(1921, 5, 6),
            "disposition": disposition,
        },
    )
    services.close_event(actor=editor, event=event)
    # Closed long ago: the day moved back, as a correction with its history.
    event.closed_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    event._history_user = editor
    event.save()
    return event


def test_the_rules_are_declared_with_their_periods():
    assert [
        str(source.period)
        for source in retention.get("bsits.enforcement_linked_events").sources
    ] == ["75 years"]
    assert [str(source.period) for source in retention.get("bsits.events").sources] == [
        "20 years"
    ]


def test_each_event_goes_after_its_own_period(record, editor):
    # TODAY is 2030-06-15: 20 years back is 2010-06-15, 75 years 1955-06-15.
    kept_20 = closed_on(date(2010, 6, 15), record, editor, "Zqkepttwenty")
    gone_20 = closed_on(date(2010, 6, 14), record, editor, "Zqgonetwenty")
    arrested = closed_on(
        date(2010, 6, 14), record, editor, "Zqarrested", disposition="ARRESTED"
    )
    kept_75 = closed_on(
        date(1955, 6, 15), record, editor, "Zqkeptlong", disposition="REMOVED"
    )
    gone_75 = closed_on(
        date(1955, 6, 14), record, editor, "Zqgonelong", disposition="DETAINED"
    )
    still_open = record(day=date(1950, 1, 2))

    run = engine.run(today=TODAY)

    counts = run.counts()
    assert counts["bsits.events"] == {"due": 1, "held": 0, "purged": 1}
    assert counts["bsits.enforcement_linked_events"] == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    assert set(Event.objects.values_list("pk", flat=True)) == {
        kept_20.pk,
        arrested.pk,
        kept_75.pk,
        still_open.pk,
    }
    for gone in (gone_20, gone_75):
        assert not Subject.objects.filter(event_id=gone.pk).exists()
        assert not Event.history.filter(id=gone.pk).exists()
        assert not Subject.history.filter(event_id=gone.pk).exists()
    assert history_rows_holding("Zqgonetwenty") == []
    assert history_rows_holding("Zqgonelong") == []
    assert history_rows_holding("Zqarrested") != []


def test_a_purged_event_takes_its_review_items_and_their_history(send, editor):
    released = unlinked_subject(1, "TREATED_RELEASED")
    send(enforcement_message(subjects=[released]))
    event = Event.objects.get()
    change_subject(editor, event.subjects.get(), nationality="Zqlocalnation")
    send(
        enforcement_message(
            "ENF-000102", subjects=[{**released, "nationality": "Zqsystemnation"}]
        )
    )
    services.close_event(actor=editor, event=event)
    event.closed_at = datetime(2010, 6, 14, 12, tzinfo=UTC)
    event._history_user = editor
    event.save()
    assert ReviewItem.history.filter(event_id=event.pk).exists()

    engine.run(today=TODAY)

    assert not Event.objects.filter(pk=event.pk).exists()
    assert not ReviewItem.objects.exists()
    assert not ReviewItem.history.filter(event_id=event.pk).exists()
