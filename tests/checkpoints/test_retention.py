"""Checkpoint records are kept 20 years after decommissioning."""

from datetime import date

import pytest

from checkpoints.models import Checkpoint, StatusChange
from checkpoints.services import change_status
from security import retention
from security.retention import engine
from security.retention.services import place_hold
from tests.security.retention_helpers import TODAY, history_rows_holding

pytestmark = pytest.mark.django_db

# TODAY is 2030-06-15: twenty years back is 2010-06-15.
LAST_DAY_KEPT = date(2010, 6, 15)
FIRST_DAY_PURGED = date(2010, 6, 14)


@pytest.fixture
def records_administrator(make_user, give):
    administrator = make_user("records1")
    give(administrator, "security", "records_administrator", "headquarters")
    return administrator


def decommission(admin, checkpoint, on: date) -> Checkpoint:
    change_status(
        actor=admin,
        checkpoint=checkpoint,
        status="DECOMMISSIONED",
        effective_on=on,
        reason=f"Closed {on:%Y}.",
    )
    return checkpoint


def test_the_rule_is_declared_with_its_period():
    rule = retention.get("checkpoints.checkpoint_records")

    assert [str(source.period) for source in rule.sources] == ["20 years"]


def test_decommissioned_checkpoints_go_twenty_years_on_unless_held(
    checkpoint, tucson_admin, records_administrator
):
    inside = decommission(tucson_admin, checkpoint("SR 90"), LAST_DAY_KEPT)
    past = decommission(tucson_admin, checkpoint("US 191"), FIRST_DAY_PURGED)
    held = decommission(tucson_admin, checkpoint("Arivaca Road"), FIRST_DAY_PURGED)
    place_hold(actor=records_administrator, record=held, reason="Claim 2030-07.")
    # Operational for decades: not decommissioned, never due.
    change_status(
        actor=tucson_admin,
        checkpoint=checkpoint("I-19"),
        status="OPERATIONAL",
        effective_on=date(1990, 1, 1),
    )

    run = engine.run(today=TODAY)

    assert run.counts()["checkpoints.checkpoint_records"] == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    assert not Checkpoint.objects.filter(pk=past.pk).exists()
    assert not StatusChange.objects.filter(checkpoint_id=past.pk).exists()
    assert not Checkpoint.history.filter(id=past.pk).exists()
    assert not StatusChange.history.filter(checkpoint_id=past.pk).exists()
    # US 191's location, from the list, is in no history table any more.
    assert history_rows_holding("Between Sunizona and Sunsites") == []
    assert history_rows_holding("North of the SR 90 / SR 82 intersection") != []
    assert Checkpoint.objects.filter(pk__in=[inside.pk, held.pk]).count() == 2
    assert Checkpoint.objects.count() == 38


def test_a_second_run_purges_nothing_more(checkpoint, tucson_admin):
    decommission(tucson_admin, checkpoint("US 191"), FIRST_DAY_PURGED)
    engine.run(today=TODAY)

    again = engine.run(today=TODAY)

    assert again.counts()["checkpoints.checkpoint_records"] == {
        "due": 0,
        "held": 0,
        "purged": 0,
    }
