"""The review list of the enforcement system's corrections to fields an
editor changed: for the station's editors only, each decision in history."""

from datetime import date, time

import pytest
from django.urls import reverse

from bsits import services
from bsits.models import Event, ReviewItem
from security.models import AuditEvent
from tests.bsits.conftest import (
    RESCUE,
    change_subject,
    enforcement_message,
    enforcement_subject,
)
from tests.bsits.test_queries import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(send, editor):
    """The editor changed the terrain and the subject's nationality; the
    system's next message says otherwise of both."""
    send(enforcement_message())
    event = Event.objects.get()
    services.update_event(
        actor=editor,
        event=event,
        day=date(2026, 7, 4),
        clock=time(14, 20),
        fields={**RESCUE, "terrain": "MOUNTAINS"},
    )
    subject = event.subjects.get()
    change_subject(editor, subject, disposition="DETAINED")
    send(
        enforcement_message(
            "ENF-000102",
            terrain="BRUSH",
            subjects=[enforcement_subject(1, disposition="REMOVED")],
        ),
    )
    return {
        "terrain": ReviewItem.objects.get(field="terrain"),
        "disposition": ReviewItem.objects.get(field="disposition"),
    }


def decide(client, item, decision):
    return client.post(
        reverse("bsits:review-decide", args=[item.pk]), {"decision": decision}
    )


class TestTheList:
    def test_the_stations_editor_sees_both_values(self, items, editor, client):
        client.force_login(editor)

        response = client.get(reverse("bsits:reviews"))

        assert response.status_code == 200
        page = response.content.decode()
        assert "Mountains or canyon" in page and "Brush or farmland" in page
        assert "Detained" in page and "Removed" in page
        assert "ENF-000102" in page
        assert response["Cache-Control"] == "no-store"

    def test_the_look_at_the_subjects_values_is_audited(self, items, editor, client):
        client.force_login(editor)

        client.get(reverse("bsits:reviews"))

        looks = AuditEvent.objects.filter(
            kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED, actor_id=editor.pk
        )
        assert [look.target_id for look in looks] == [
            str(items["disposition"].subject_id)
        ]

    def test_a_viewer_and_another_stations_editor_see_none(
        self, items, viewer, far_editor, client
    ):
        client.force_login(viewer)
        assert client.get(reverse("bsits:reviews")).status_code == 403

        client.force_login(far_editor)
        response = client.get(reverse("bsits:reviews"))
        assert response.status_code == 200
        assert "Removed" not in response.content.decode()
        assert "Nothing waits for a decision." in response.content.decode()

    def test_the_event_page_points_to_the_open_items(self, items, editor, client):
        client.force_login(editor)

        response = client.get(reverse("bsits:detail", args=[items["terrain"].event_id]))

        assert "2 fields wait for review" in response.content.decode()


class TestDecisions:
    def test_taking_the_systems_value_writes_it_with_history(
        self, items, editor, client
    ):
        client.force_login(editor)

        response = decide(client, items["terrain"], "SYSTEM")

        assert response.status_code == 302
        event = Event.objects.get()
        assert event.terrain == "BRUSH"
        item = ReviewItem.objects.get(pk=items["terrain"].pk)
        assert (item.decision, item.decided_by) == ("SYSTEM", editor)
        newest = event.history.order_by("-history_id").first()
        assert newest.history_user == editor
        assert newest.history_change_reason == (
            "Review: the enforcement system's terrain taken (message ENF-000102)"
        )
        assert item.history.order_by("-history_id").first().history_user == editor

    def test_keeping_the_local_value_is_in_the_subjects_history(
        self, items, editor, client
    ):
        client.force_login(editor)

        decide(client, items["disposition"], "LOCAL")

        subject = Event.objects.get().subjects.get()
        assert subject.disposition == "DETAINED"
        newest = subject.history.order_by("-history_id").first()
        assert newest.history_user == editor
        assert newest.history_change_reason == (
            "Review: the local disposition kept (message ENF-000102)"
        )
        assert ReviewItem.objects.get(pk=items["disposition"].pk).decision == "LOCAL"

    def test_a_kept_value_is_not_listed_again_until_the_system_changes(
        self, items, editor, send, client
    ):
        client.force_login(editor)
        decide(client, items["disposition"], "LOCAL")
        decide(client, items["terrain"], "SYSTEM")

        again = send(
            enforcement_message(
                "ENF-000103",
                terrain="BRUSH",
                subjects=[enforcement_subject(1, disposition="REMOVED")],
            ),
        )
        assert again.review_items == 0

        later = send(
            enforcement_message(
                "ENF-000104",
                terrain="ROAD",
                subjects=[enforcement_subject(1, disposition="ARRESTED")],
            ),
        )
        # The terrain is the system's again, so its correction is taken.
        assert (later.fields_changed, later.review_items) == (1, 1)
        assert Event.objects.get().terrain == "ROAD"
        item = ReviewItem.objects.get(decision="")
        assert (item.field, item.local_value, item.system_value) == (
            "disposition",
            "DETAINED",
            "ARRESTED",
        )

    def test_a_decided_item_is_not_decided_twice(self, items, editor, client):
        client.force_login(editor)
        decide(client, items["terrain"], "LOCAL")

        response = decide(client, items["terrain"], "SYSTEM")

        assert response.status_code == 302
        assert Event.objects.get().terrain == "MOUNTAINS"
        assert ReviewItem.objects.get(pk=items["terrain"].pk).decision == "LOCAL"

    def test_only_the_stations_editor_decides(self, items, viewer, far_editor, client):
        for user in (viewer, far_editor):
            client.force_login(user)

            assert decide(client, items["terrain"], "SYSTEM").status_code == 404

        assert Event.objects.get().terrain == "MOUNTAINS"
        assert ReviewItem.objects.get(pk=items["terrain"].pk).decision == ""
        denied = AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED)
        assert {event.actor_id for event in denied} == {viewer.pk, far_editor.pk}


def test_the_list_costs_the_same_queries_for_more_items(items, send, editor, client):
    client.force_login(editor)
    url = reverse("bsits:reviews")
    few = queries_of(client, url)

    for number in range(2, 5):
        event_number = f"NGL260700012{number}"
        send(enforcement_message(f"ENF-00020{number}", event_number=event_number))
        event = Event.objects.get(enforcement_event_number=event_number)
        change_subject(editor, event.subjects.get(), nationality="Belize")
        send(
            enforcement_message(
                f"ENF-00030{number}",
                event_number=event_number,
                subjects=[enforcement_subject(1, nationality="Honduras")],
            )
        )

    assert ReviewItem.objects.filter(decision="").count() == 5
    assert queries_of(client, url) == few
