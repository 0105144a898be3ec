"""A BSI message from the enforcement system records an event or corrects
it; a field an editor changed since the system's last message is listed
for review, not overwritten."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from bsits import receiving, services
from bsits.enforcement import MessageRefused
from bsits.models import Event, ReviewItem, Subject
from security.models import AuditEvent
from tests.bsits.conftest import (
    RESCUE,
    change_subject,
    enforcement_message,
    enforcement_subject,
    sent_at,
    unlinked_subject,
)

pytestmark = pytest.mark.django_db


def change_terrain(editor, event, terrain):
    fields = {**RESCUE, "terrain": terrain}
    services.update_event(
        actor=editor,
        event=event,
        day=date(2026, 7, 4),
        clock=time(14, 20),
        fields=fields,
    )


class TestANewEventNumber:
    def test_it_records_the_event_with_its_subjects(self, send, system, units):
        outcome = send(enforcement_message())

        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        assert outcome.created and outcome.event == event
        assert event.station == units["nogales"]
        assert event.sector == units["tucson"]
        # 14:20 at UTC-7 is 21:20 UTC, on the station's 4 July, fiscal 2026.
        assert event.occurred_at == datetime(2026, 7, 4, 21, 20, tzinfo=UTC)
        assert event.occurred_on == date(2026, 7, 4)
        assert event.fiscal_year == 2026
        assert event.latitude == Decimal("31.33870")
        assert event.longitude == Decimal("-110.99450")
        assert event.responses == ["BORSTAR", "EMS"]
        assert event.status == "OPEN"
        assert event.recorded_by == system
        assert event.number.startswith("BSI-TCA-2026-")
        subject = event.subjects.get()
        assert (subject.family_name, subject.given_names) == (
            "Zqenffamily",
            "Zqenfgiven",
        )
        assert subject.date_of_birth == date(1994, 2, 3)
        assert subject.disposition == "ARRESTED"
        assert subject.enforcement_subject_number == 1
        assert (outcome.subjects_added, outcome.review_items) == (1, 0)

    def test_its_history_names_the_system_and_the_message(self, send, system):
        send(enforcement_message())

        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        record = event.history.get()
        assert record.history_user == system
        assert record.history_change_reason == "Enforcement system message ENF-000101"
        subject_record = event.subjects.get().history.get()
        assert subject_record.history_user == system
        assert (
            subject_record.history_change_reason
            == "Enforcement system message ENF-000101"
        )


class TestACorrection:
    def test_the_systems_values_win_with_history_naming_the_message(self, send, system):
        send(enforcement_message())

        outcome = send(
            enforcement_message(
                "ENF-000102",
                terrain="BRUSH",
                subjects=[enforcement_subject(1, disposition="DETAINED")],
            ),
        )

        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        assert not outcome.created
        assert (outcome.fields_changed, outcome.review_items) == (2, 0)
        assert event.terrain == "BRUSH"
        assert event.subjects.get().disposition == "DETAINED"
        newest = event.history.order_by("-history_id").first()
        assert newest.history_user == system
        assert newest.history_change_reason == "Enforcement system message ENF-000102"
        assert newest.prev_record.terrain == "DESERT"
        assert event.enforcement_message_id == "ENF-000102"

    def test_a_new_subject_number_adds_a_subject(self, send, system):
        send(enforcement_message())

        outcome = send(
            enforcement_message(
                "ENF-000102",
                subjects=[
                    enforcement_subject(1),
                    unlinked_subject(
                        2,
                        "HOSPITALIZED",
                        family_name="",
                        given_names="",
                        date_of_birth=None,
                    ),
                ],
            ),
        )

        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        assert outcome.subjects_added == 1
        assert [s.enforcement_subject_number for s in event.subjects.all()] == [1, 2]

    def test_the_same_message_twice_changes_nothing(self, send, system):
        send(enforcement_message())
        event = Event.objects.get(enforcement_event_number="NGL2607000123")

        outcome = send(enforcement_message())

        assert (outcome.fields_changed, outcome.subjects_added) == (0, 0)
        assert event.history.count() == 1
        assert event.subjects.get().history.count() == 1

    def test_a_closed_event_whose_subject_is_no_longer_final_opens_again(
        self, send, editor
    ):
        send(enforcement_message())
        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        services.close_event(actor=editor, event=event)

        send(
            enforcement_message(
                "ENF-000102",
                subjects=[unlinked_subject(1, "HOSPITALIZED")],
            ),
        )

        event.refresh_from_db()
        assert (event.status, event.closed_at) == ("OPEN", None)


class TestALocalEdit:
    @pytest.fixture
    def edited(self, send, editor):
        """The system's event, whose terrain and subject's nationality an
        editor then changed."""
        send(enforcement_message())
        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        change_terrain(editor, event, "MOUNTAINS")
        subject = event.subjects.get()
        change_subject(editor, subject, nationality="Guatemala (Huehuetenango)")
        return event

    def correction(self, message_id="ENF-000102", nationality="Honduras"):
        return enforcement_message(
            message_id,
            terrain="BRUSH",
            circumstance_notes="Out of water for two days.",
            subjects=[enforcement_subject(1, nationality=nationality)],
        )

    def test_it_is_listed_for_review_and_not_overwritten(self, edited, send):
        outcome = send(self.correction())

        edited.refresh_from_db()
        subject = edited.subjects.get()
        assert edited.terrain == "MOUNTAINS"
        assert subject.nationality == "Guatemala (Huehuetenango)"
        # The field nobody changed here takes the correction.
        assert edited.circumstance_notes == "Out of water for two days."
        assert (outcome.fields_changed, outcome.review_items) == (1, 2)
        items = {
            (item.subject_id, item.field): (item.local_value, item.system_value)
            for item in ReviewItem.objects.filter(event=edited, decision="")
        }
        assert items == {
            (None, "terrain"): ("MOUNTAINS", "BRUSH"),
            (subject.pk, "nationality"): ("Guatemala (Huehuetenango)", "Honduras"),
        }
        assert set(ReviewItem.objects.values_list("message_id", flat=True)) == {
            "ENF-000102"
        }

    def test_the_same_correction_again_lists_nothing_new(self, edited, send):
        send(self.correction())

        outcome = send(self.correction("ENF-000103"))

        assert outcome.review_items == 0
        assert ReviewItem.objects.filter(event=edited).count() == 2

    def test_a_later_correction_replaces_the_open_item(self, edited, send):
        send(self.correction())

        send(self.correction("ENF-000103", nationality="Belize"))

        item = ReviewItem.objects.get(field="nationality", decision="")
        assert (item.local_value, item.system_value, item.message_id) == (
            "Guatemala (Huehuetenango)",
            "Belize",
            "ENF-000103",
        )
        overtaken = ReviewItem.objects.get(field="nationality", decision="SUPERSEDED")
        assert overtaken.system_value == "Honduras"

    def test_a_correction_agreeing_with_the_editor_lists_nothing(self, edited, send):
        outcome = send(
            enforcement_message(
                "ENF-000102",
                terrain="MOUNTAINS",
                subjects=[enforcement_subject(1, nationality="Guatemala")],
            ),
        )

        assert outcome.review_items == 1
        assert ReviewItem.objects.get().field == "nationality"


class TestRefusals:
    def test_a_malformed_correction_changes_nothing(self, send, system):
        send(enforcement_message())
        event = Event.objects.get(enforcement_event_number="NGL2607000123")

        with pytest.raises(MessageRefused) as refused:
            send(
                enforcement_message(
                    "ENF-000102",
                    terrain="BRUSH",
                    subjects=[enforcement_subject(1, gender="F")],
                ),
            )

        assert str(refused.value) == (
            "subjects[0].gender: must be one of FEMALE, MALE, UNKNOWN."
        )
        assert refused.value.field == "subjects[0].gender"
        event.refresh_from_db()
        assert event.terrain == "DESERT"
        assert event.history.count() == 1

    @pytest.mark.parametrize(
        ("fields", "path", "problem"),
        [
            ({"event_number": "NGL26"}, "event_number", "must be three capital"),
            ({"sector": "ZZZ"}, "station", "is not a station of that sector"),
            ({"station": "Nowhere"}, "station", "is not a station of that sector"),
            ({"terrain": None}, "terrain", "is required."),
            ({"occurred_at": "2026-07-04T14:20"}, "occurred_at", "must carry its"),
            ({"occurred_at": "2099-07-04T14:20Z"}, "occurred_at", "is in the future"),
            ({"latitude": None}, "longitude", "give the latitude and the longitude"),
            ({"latitude": "31.338701"}, "latitude", "at most five decimals"),
            ({"medical_examiner_cause": "Heat."}, "medical_examiner_cause", "only"),
            ({"format": "bpets-bsi/2"}, "format", 'must be "bpets-bsi/1"'),
            ({"colour": "red"}, "message", "an unknown field;"),
            ({"colour": "red", "size": 2}, "message", "2 unknown fields;"),
            (
                {"subjects": [{**enforcement_subject(1), "Ejemplar Rosa": 1}]},
                "subjects[0]",
                "an unknown field;",
            ),
            ({"sent_at": None}, "sent_at", "is required."),
            ({"sent_at": "2026-07-04T15:00:00"}, "sent_at", "must carry its offset"),
            ({"sent_at": "yesterday"}, "sent_at", "must be a date and time"),
            ({"sent_at": "2099-01-01T00:00:00Z"}, "sent_at", "is in the future."),
            ({"responses": ["EMS", "TAXI"]}, "responses", "holds a code not among"),
            (
                {"circumstance_notes": "Found near Zqenffamily's pack."},
                "circumstance_notes",
                "What happened names one of the event's subjects.",
            ),
            (
                {"location_description": "Near A123456789."},
                "location_description",
                "Location holds what looks like an alien number.",
            ),
            (
                {"subjects": [enforcement_subject(1), enforcement_subject(1)]},
                "subjects[1].number",
                "is given to another subject",
            ),
            (
                {"subjects": [enforcement_subject(1, date_of_birth="2026-07-05")]},
                "subjects[0].date_of_birth",
                "is after the day of the event.",
            ),
            (
                {"subjects": [enforcement_subject(1, disposition="TREATED_RELEASED")]},
                "subjects[0].enforcement_event_number",
                "only a non-citizen arrested",
            ),
        ],
    )
    def test_a_malformed_message_names_the_field(self, send, fields, path, problem):
        with pytest.raises(MessageRefused) as refused:
            send(enforcement_message(**fields))

        assert refused.value.field == path
        assert problem in str(refused.value)
        assert str(refused.value).startswith(f"{path}: ")
        assert not Event.objects.exists()
        assert not Subject.objects.exists()

    def test_a_refusal_does_not_quote_the_subjects_values(self, send, system):
        with pytest.raises(MessageRefused) as refused:
            send(
                enforcement_message(
                    subjects=[enforcement_subject(1, date_of_birth="Zqbadday")]
                ),
            )

        assert "Zqbadday" not in str(refused.value)

    def test_a_station_outside_the_senders_unit_is_refused(self, send, units):
        with pytest.raises(MessageRefused) as refused:
            send(enforcement_message(), unit="el_paso")

        assert refused.value.reason == "out_of_scope"
        assert not Event.objects.exists()

    def test_a_message_does_not_move_an_event_to_another_station(self, send, units):
        send(enforcement_message())

        with pytest.raises(MessageRefused) as refused:
            send(enforcement_message("ENF-000102", station="Ajo"))

        assert refused.value.field == "station"
        event = Event.objects.get(enforcement_event_number="NGL2607000123")
        assert event.station == units["nogales"]


class TestValuesThatCannotStandBesideALocalOne:
    """The system links its subject to an arrest, while an editor had
    recorded them treated and released: the link cannot stand beside the
    editor's disposition, so it waits for review with it."""

    @pytest.fixture
    def held(self, send, editor):
        unknown = unlinked_subject(1, "PENDING")
        send(enforcement_message(subjects=[unknown]))
        subject = Subject.objects.get()
        change_subject(editor, subject, disposition="TREATED_RELEASED")
        return send(enforcement_message("ENF-000102"))

    def test_the_message_is_taken_and_every_such_field_listed(self, held):
        subject = Subject.objects.get()

        assert (held.fields_changed, held.review_items) == (0, 4)
        assert (
            subject.citizenship_status,
            subject.disposition,
            subject.enforcement_event_number,
            subject.fin,
        ) == ("UNKNOWN", "TREATED_RELEASED", "", "")
        items = {
            item.field: (item.local_value, item.system_value)
            for item in ReviewItem.objects.filter(decision="")
        }
        assert items == {
            "citizenship_status": ("UNKNOWN", "NON_CITIZEN"),
            "disposition": ("TREATED_RELEASED", "ARRESTED"),
            "enforcement_event_number": ("", "NGL2607000124"),
            "fin": ("", "1234567890"),
        }

    def test_the_link_is_taken_only_after_the_arrest(self, held, editor):
        def item(name):
            return ReviewItem.objects.get(field=name, decision="")

        with pytest.raises(services.EventRefused, match="The link to an enforcement"):
            receiving.decide(
                actor=editor, item=item("enforcement_event_number"), decision="SYSTEM"
            )
        for name in ("disposition", "citizenship_status", "enforcement_event_number"):
            receiving.decide(actor=editor, item=item(name), decision="SYSTEM")

        subject = Subject.objects.get()
        assert (subject.disposition, subject.enforcement_event_number) == (
            "ARRESTED",
            "NGL2607000124",
        )
        assert ReviewItem.objects.filter(decision="").count() == 1


class TestTheOrderOfMessages:
    """A message the event has had already changes nothing; one sent before
    the last one applied does not undo it."""

    def test_a_replayed_message_does_not_undo_a_correction(self, send):
        first = enforcement_message("REPLAY-A", sent_at=sent_at(0))
        send(first)
        send(enforcement_message("REPLAY-B", sent_at=sent_at(60), terrain="BRUSH"))

        again = send(first)

        assert again.already_applied
        assert (again.fields_changed, again.subjects_added) == (0, 0)
        event = Event.objects.get()
        assert event.terrain == "BRUSH"
        assert event.enforcement_message_ids == ["REPLAY-A", "REPLAY-B"]
        assert event.enforcement_values["terrain"] == "BRUSH"

    def test_a_late_message_is_refused_as_stale_and_audited(self, send):
        send(enforcement_message("ENF-000101", sent_at=sent_at(60)))
        send(enforcement_message("ENF-000103", sent_at=sent_at(120), terrain="BRUSH"))

        with pytest.raises(MessageRefused) as refused:
            send(enforcement_message("ENF-000102", sent_at=sent_at(90), terrain="ROAD"))

        assert refused.value.reason == "stale"
        assert refused.value.field == "sent_at"
        assert Event.objects.get().terrain == "BRUSH"
        audited = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert audited.details["reason"] == "stale"

    def test_a_message_sent_at_the_same_time_is_stale_too(self, send):
        send(enforcement_message("ENF-000101", sent_at=sent_at(60)))

        with pytest.raises(MessageRefused) as refused:
            send(enforcement_message("ENF-000102", sent_at=sent_at(60), terrain="ROAD"))

        assert refused.value.reason == "stale"
        assert Event.objects.get().terrain == "DESERT"

    def test_the_sending_time_is_compared_across_offsets(self, send):
        # 15:01 at UTC-7 is 22:01 UTC: later than 21:59 UTC, earlier than 22:02.
        send(enforcement_message("ENF-000101", sent_at="2026-07-04T21:59:00Z"))
        taken = send(
            enforcement_message(
                "ENF-000102", sent_at="2026-07-04T15:01:00-07:00", terrain="ROAD"
            )
        )
        assert taken.fields_changed == 1

        with pytest.raises(MessageRefused):
            send(enforcement_message("ENF-000103", sent_at="2026-07-04T22:00:30Z"))
        assert Event.objects.get().enforcement_sent_at == datetime(
            2026, 7, 4, 22, 1, tzinfo=UTC
        )


class TestAnEventOutOfReach:
    def test_its_number_is_not_revealed_to_another_stations_account(self, send, units):
        send(enforcement_message())

        with pytest.raises(MessageRefused) as known:
            send(enforcement_message("ENF-000102", station="Ajo"), unit="ajo")
        with pytest.raises(MessageRefused) as unknown:
            send(enforcement_message("ENF-000103", station="Nogales"), unit="ajo")

        assert str(known.value) == str(unknown.value)
        assert (known.value.field, known.value.reason) == ("station", "out_of_scope")
        assert (unknown.value.field, unknown.value.reason) == (
            "station",
            "out_of_scope",
        )
        assert Event.objects.get().station == units["nogales"]
