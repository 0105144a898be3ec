"""Every change is in history with who made it; statuses are dated."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from checkpoints import services
from checkpoints.models import OperatingStatus, StatusChange

pytestmark = pytest.mark.django_db

Refused = services.CheckpointChangeRefused


def test_a_correction_is_in_history_with_its_author(checkpoint, tucson_admin):
    us191 = checkpoint("US 191")
    before = us191.history.count()

    changed = services.update_checkpoint(
        actor=tucson_admin,
        checkpoint=us191,
        changes={"primary_lanes": 2, "highway": "US 191 north", "remarks": ""},
    )

    assert changed == ["primary_lanes"]
    latest = us191.history.first()
    assert us191.history.count() == before + 1
    assert (latest.history_user, latest.primary_lanes) == (tucson_admin, 2)
    assert us191.corrected_fields == []


def test_nothing_changed_writes_no_history(checkpoint, tucson_admin):
    us191 = checkpoint("US 191")
    before = us191.history.count()

    changed = services.update_checkpoint(
        actor=tucson_admin, checkpoint=us191, changes={"remarks": ""}
    )

    assert changed == []
    assert us191.history.count() == before


def test_a_status_change_is_dated_with_who_and_why(checkpoint, tucson_admin):
    sr80 = checkpoint("SR 80 (Tombstone)")

    services.change_status(
        actor=tucson_admin,
        checkpoint=sr80,
        status=OperatingStatus.NON_OPERATIONAL,
        effective_on=date(2021, 1, 20),
        reason="Staff sent to the border.",
    )
    services.change_status(
        actor=tucson_admin,
        checkpoint=sr80,
        status=OperatingStatus.OPERATIONAL,
        effective_on=date(2021, 3, 1),
    )

    sr80.refresh_from_db()
    assert (sr80.status, sr80.status_since, sr80.status_reason) == (
        OperatingStatus.OPERATIONAL,
        date(2021, 3, 1),
        "",
    )
    changes = list(
        StatusChange.objects.filter(checkpoint=sr80).values_list(
            "status", "effective_on", "reason", "recorded_by"
        )
    )
    assert changes[:2] == [
        ("OPERATIONAL", date(2021, 3, 1), "", tucson_admin.pk),
        (
            "NON_OPERATIONAL",
            date(2021, 1, 20),
            "Staff sent to the border.",
            tucson_admin.pk,
        ),
    ]
    assert changes[2][0] == OperatingStatus.UNCONFIRMED
    assert [row.status for row in sr80.history.all()[:2]] == [
        "OPERATIONAL",
        "NON_OPERATIONAL",
    ]
    assert sr80.history.first().history_user == tucson_admin
    assert StatusChange.history.filter(checkpoint_id=sr80.pk).count() == 3


@pytest.mark.parametrize(
    ("status", "days_from_today", "reason", "message"),
    [
        ("NON_OPERATIONAL", 0, " ", "Say why the checkpoint is not operating."),
        ("OPERATIONAL", 1, "", "cannot take effect in the future"),
        ("UNCONFIRMED", 0, "", "Say what the status is"),
    ],
)
def test_a_status_change_without_its_conditions_is_refused(
    checkpoint, tucson_admin, status, days_from_today, reason, message
):
    sr80 = checkpoint("SR 80 (Tombstone)")
    effective_on = timezone.localdate() + timedelta(days=days_from_today)

    with pytest.raises(Refused, match=message):
        services.change_status(
            actor=tucson_admin,
            checkpoint=sr80,
            status=status,
            effective_on=effective_on,
            reason=reason,
        )
    assert StatusChange.objects.filter(checkpoint=sr80).count() == 1


def test_a_change_cannot_take_effect_before_the_current_status(
    checkpoint, tucson_admin
):
    sr80 = checkpoint("SR 80 (Tombstone)")
    services.change_status(
        actor=tucson_admin,
        checkpoint=sr80,
        status="OPERATIONAL",
        effective_on=date(2021, 3, 1),
    )

    with pytest.raises(Refused, match="took effect on 2021-03-01"):
        services.change_status(
            actor=tucson_admin,
            checkpoint=sr80,
            status="DECOMMISSIONED",
            effective_on=date(2021, 2, 28),
        )


def test_the_status_form_asks_for_the_reason_and_keeps_the_input(
    checkpoint, tucson_admin
):
    sr80 = checkpoint("SR 80 (Tombstone)")
    client = Client()
    client.force_login(tucson_admin)

    response = client.post(
        reverse("checkpoints:status", args=[sr80.pk]),
        {"status": "NON_OPERATIONAL", "effective_on": "2021-01-20", "reason": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Say why the checkpoint is not operating."]
    }
    assert 'value="2021-01-20"' in response.content.decode()


def test_the_detail_page_shows_the_status_history(checkpoint, tucson_admin):
    sr80 = checkpoint("SR 80 (Tombstone)")
    services.change_status(
        actor=tucson_admin,
        checkpoint=sr80,
        status="NON_OPERATIONAL",
        effective_on=date(2021, 1, 20),
        reason="Staff sent to the border.",
    )
    client = Client()
    client.force_login(tucson_admin)

    page = client.get(reverse("checkpoints:detail", args=[sr80.pk])).content.decode()

    assert "2021-01-20" in page
    assert "Staff sent to the border." in page
    assert "Operating status: Not yet confirmed → Non-operational" in page
