"""Subjects are seen by the station's BSITS editors only, each look audited;
everyone else sees the event without them, or nothing."""

import pytest
from django.urls import reverse

from bsits import services
from security.models import AuditEvent
from tests.bsits.conftest import SUBJECT

pytestmark = pytest.mark.django_db

NAME = "Zqsubjectgiven Zqsubjectfamily"


def looks(actor=None):
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED)
    return events.filter(actor_id=actor.pk) if actor else events


class TestTheEditor:
    def test_sees_the_subjects_and_each_look_is_audited(self, rescue, editor, client):
        second = services.add_subject(
            actor=editor, event=rescue, fields={**SUBJECT, "given_names": "Zqother"}
        )
        client.force_login(editor)

        response = client.get(reverse("bsits:detail", args=[rescue.pk]))

        page = response.content.decode()
        assert NAME in page
        assert "1994-02-03" in page
        assert response["Cache-Control"] == "no-store"
        first = rescue.subjects.order_by("pk").first()
        assert sorted(looks(editor).values_list("target_id", flat=True)) == sorted(
            [str(first.pk), str(second.pk)]
        )
        assert looks(editor).first().details == {
            "module": "bsits",
            "event": rescue.pk,
            "groups": ["bsits_subject"],
        }
        assert {event.target_type for event in looks(editor)} == {"bsits.Subject"}

    def test_each_showing_of_the_page_is_a_look_again(self, rescue, editor, client):
        client.force_login(editor)

        client.get(reverse("bsits:detail", args=[rescue.pk]))
        client.get(reverse("bsits:detail", args=[rescue.pk]))

        assert looks(editor).count() == 2

    def test_the_subject_form_is_a_look_too(self, rescue, editor, client):
        subject = rescue.subjects.get()
        client.force_login(editor)

        response = client.get(reverse("bsits:edit-subject", args=[subject.pk]))

        assert 'value="Zqsubjectfamily"' in response.content.decode()
        assert looks(editor).get().target_id == str(subject.pk)


class TestEveryoneElse:
    def test_the_viewer_sees_the_event_without_its_subjects(
        self, rescue, viewer, client
    ):
        client.force_login(viewer)

        response = client.get(reverse("bsits:detail", args=[rescue.pk]))

        page = response.content.decode()
        assert response.status_code == 200
        assert "Heat exposure" in page
        assert "1 person involved." in page
        assert "Zqsubject" not in page
        assert "Guatemala" not in page
        assert not looks().exists()

    def test_the_viewer_cannot_open_a_subject(self, rescue, viewer, client):
        client.force_login(viewer)
        subject = rescue.subjects.get()

        response = client.get(reverse("bsits:edit-subject", args=[subject.pk]))

        assert response.status_code == 404
        assert "Zqsubject" not in response.content.decode()
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.DENIED,
            actor_id=viewer.pk,
            details__action="bsits.see_subject",
        ).exists()

    def test_an_editor_of_another_sector_gets_not_found(
        self, rescue, far_editor, client
    ):
        client.force_login(far_editor)

        response = client.get(reverse("bsits:detail", args=[rescue.pk]))

        assert response.status_code == 404
        assert not looks().exists()

    def test_a_role_of_another_module_opens_nothing_of_bsits(
        self, rescue, make_user, give, client
    ):
        supervisor = make_user("stationsupervisor")
        give(supervisor, "staffing", "supervisor", "tucson")
        client.force_login(supervisor)

        responses = [
            client.get(reverse("bsits:list")),
            client.get(reverse("bsits:detail", args=[rescue.pk])),
            client.get(reverse("bsits:counts")),
        ]

        assert [response.status_code for response in responses] == [403, 404, 403]

    def test_the_list_shows_how_many_people_never_who(self, rescue, viewer, client):
        client.force_login(viewer)

        response = client.get(reverse("bsits:list"))

        page = response.content.decode()
        assert rescue.number in page
        assert "Zqsubject" not in page

    def test_a_viewer_cannot_add_a_subject(self, rescue, viewer):
        with pytest.raises(services.EventRefused, match="Only a BSITS editor"):
            services.add_subject(actor=viewer, event=rescue, fields=SUBJECT)

        assert rescue.subjects.count() == 1
