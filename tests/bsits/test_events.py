"""Recording an event: its station's clock, its fiscal year, its closing,
and the subject's link to an enforcement event."""

import re
from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from bsits import services
from bsits.models import Event, EventStatus
from tests.bsits.conftest import RESCUE, SUBJECT

pytestmark = pytest.mark.django_db


class TestTheClock:
    def test_the_time_is_the_stations_and_the_fiscal_year_turns_in_october(
        self, record
    ):
        # Nogales keeps Arizona time (UTC-7 all year): 23:30 on 30 September
        # is already 1 October in UTC, and still fiscal 2025 at the station.
        late = record(day=date(2025, 9, 30), clock=time(23, 30))
        early = record(day=date(2025, 10, 1), clock=time(0, 10))

        assert late.occurred_at == datetime(2025, 10, 1, 6, 30, tzinfo=UTC)
        assert (late.occurred_on, late.fiscal_year) == (date(2025, 9, 30), 2025)
        assert (early.occurred_on, early.fiscal_year) == (date(2025, 10, 1), 2026)

    def test_it_is_numbered_in_its_sector_and_fiscal_year(self, record):
        first = record(day=date(2025, 9, 30))
        second = record(day=date(2025, 10, 2))
        third = record(day=date(2025, 11, 2))

        assert [first.number, second.number, third.number] == [
            "BSI-TCA-2025-00001",
            "BSI-TCA-2026-00001",
            "BSI-TCA-2026-00002",
        ]

    def test_an_event_in_the_future_is_refused(self, record):
        with pytest.raises(services.EventRefused, match="before it happens"):
            record(day=date(2099, 1, 1))


class TestCoordinates:
    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("latitude", "95", "Latitude runs from -90 to 90."),
            ("longitude", "200", "Longitude runs from -180 to 180."),
            ("longitude", "-180.5", "Longitude runs from -180 to 180."),
        ],
    )
    def test_the_page_names_a_coordinate_out_of_range_beside_its_box(
        self, client, editor, units, field, value, message
    ):
        client.force_login(editor)
        typed = {
            **RESCUE,
            "station": units["nogales"].pk,
            "day": "2026-07-04",
            "clock": "14:20",
            field: value,
        }

        response = client.post("/bsits/events/new/", typed)

        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors == {field: [message]}
        assert form[field].value() == value
        assert not Event.objects.exists()

    def test_the_boxes_tell_the_browser_the_range(self, client, editor):
        client.force_login(editor)

        page = client.get("/bsits/events/new/").content.decode()

        for name, limit in (("latitude", "90"), ("longitude", "180")):
            box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
            assert f'min="-{limit}"' in box
            assert f'max="{limit}"' in box

    def test_the_service_refuses_it_in_words_not_the_constraints_name(self, record):
        with pytest.raises(ValidationError) as refusal:
            record(latitude="12", longitude="-200")

        assert refusal.value.messages == [
            "Latitude runs from -90 to 90 and longitude from -180 to 180, "
            "in decimal degrees."
        ]
        assert not Event.objects.exists()


class TestWhatIsRecorded:
    def test_only_a_death_has_the_examiners_cause(self, record, editor):
        with pytest.raises(services.EventRefused, match="Only a death"):
            record(medical_examiner_cause="Hyperthermia.")

        death = record(event_type="DEATH", circumstance="DROWNING")
        services.update_event(
            actor=editor,
            event=death,
            day=death.occurred_on,
            clock=time(14, 20),
            fields={"medical_examiner_cause": "Drowning; hypothermia contributing."},
        )
        death.refresh_from_db()
        assert death.medical_examiner_cause == "Drowning; hypothermia contributing."
        assert death.history.first().history_user == editor

    def test_an_unknown_response_is_refused(self, record):
        with pytest.raises(ValidationError) as error:
            record(responses=["BORSTAR", "NAVY"])

        assert error.value.message_dict == {
            "responses": ["Choose responses from the list."]
        }

    @pytest.mark.parametrize(
        ("number", "fin", "errors"),
        [
            ("NGL2607000123", "1234567890", None),
            (
                "NGL26070001",
                "",
                {
                    "enforcement_event_number": [
                        "An enforcement event number is three capital letters "
                        "and ten digits, as NGL2604000123."
                    ]
                },
            ),
            (
                "NGL2607000123",
                "12345",
                {"fin": ["A FIN is ten digits, as 1234567890."]},
            ),
        ],
    )
    def test_the_enforcement_link_is_checked_in_format(
        self, record, editor, number, fin, errors
    ):
        event = record()
        fields = {
            **SUBJECT,
            "disposition": "ARRESTED",
            "enforcement_event_number": number,
            "fin": fin,
        }

        if errors is None:
            subject = services.add_subject(actor=editor, event=event, fields=fields)
            assert subject.fin == fin
        else:
            with pytest.raises(ValidationError) as error:
                services.add_subject(actor=editor, event=event, fields=fields)
            assert error.value.message_dict == errors

    def test_the_link_is_only_for_a_non_citizen_in_an_enforcement_action(
        self, record, editor
    ):
        fields = {
            **SUBJECT,
            "citizenship_status": "US_CITIZEN",
            "disposition": "ARRESTED",
            "enforcement_event_number": "NGL2607000123",
        }

        with pytest.raises(ValidationError, match="only for a non-citizen"):
            services.add_subject(actor=editor, event=record(), fields=fields)


class TestNobodyInTheEventsText:
    """The event's text is read by every BSITS viewer; who the subjects are
    is for the station's editors alone."""

    @pytest.mark.parametrize(
        ("field", "text", "message"),
        [
            (
                "circumstance_notes",
                "Found with papers A 123 456 789.",
                "What happened holds what looks like an alien number.",
            ),
            (
                "location_description",
                "Mile 12; SSN 123.45.6789 on a card.",
                "Location holds what looks like a Social Security number.",
            ),
            (
                "response_notes",
                "Reported as 123\u201345\u20136789.",
                "Response notes holds what looks like a Social Security number.",
            ),
        ],
    )
    def test_an_identifier_is_refused_naming_the_field(
        self, record, field, text, message
    ):
        with pytest.raises(services.EventRefused) as refusal:
            record(**{field: text})

        assert str(refusal.value).startswith(message)
        assert refusal.value.field == field
        assert not Event.objects.exists()

    def test_a_subjects_name_is_refused_in_a_correction(self, rescue, editor):
        with pytest.raises(services.EventRefused) as refusal:
            services.update_event(
                actor=editor,
                event=rescue,
                day=rescue.occurred_on,
                clock=time(14, 20),
                fields={"circumstance_notes": "ZQSUBJECTFAMILY was out of water."},
            )

        assert refusal.value.field == "circumstance_notes"
        assert "names one of the event's subjects" in str(refusal.value)
        rescue.refresh_from_db()
        assert rescue.circumstance_notes == "Out of water."

    def test_ordinary_numbers_pass(self, record):
        event = record(
            location_description="Mile 123.45 of SR 189, gate 85621-1234.",
            response_notes="EMS called (520) 555-0150 at 14:32, 2 hours out.",
        )

        assert event.pk is not None

    def test_a_date_of_birth_after_the_event_is_refused(self, record, editor):
        event = record(day=date(2026, 7, 4))
        fields = {**SUBJECT, "date_of_birth": date(2026, 7, 5)}

        with pytest.raises(services.EventRefused) as refusal:
            services.add_subject(actor=editor, event=event, fields=fields)

        assert (str(refusal.value), refusal.value.field) == (
            "The date of birth is after the day of the event.",
            "date_of_birth",
        )
        assert not event.subjects.exists()


class TestClosing:
    def test_an_event_closes_once_every_disposition_is_final(self, rescue, editor):
        waiting = services.add_subject(
            actor=editor,
            event=rescue,
            fields={**SUBJECT, "disposition": "HOSPITALIZED"},
        )

        with pytest.raises(services.EventRefused, match="1 of the subjects"):
            services.close_event(actor=editor, event=rescue)

        services.update_subject(
            actor=editor,
            subject=waiting,
            fields={**SUBJECT, "disposition": "TREATED_RELEASED"},
        )
        services.close_event(actor=editor, event=rescue)
        rescue.refresh_from_db()
        assert rescue.status == EventStatus.CLOSED
        assert rescue.closed_at is not None

    def test_a_disposition_no_longer_final_opens_it_again(self, rescue, editor):
        services.close_event(actor=editor, event=rescue)

        services.update_subject(
            actor=editor,
            subject=rescue.subjects.get(),
            fields={**SUBJECT, "disposition": "HOSPITALIZED"},
        )

        rescue.refresh_from_db()
        assert (rescue.status, rescue.closed_at) == (EventStatus.OPEN, None)

    def test_an_event_without_subjects_stays_open(self, record, editor):
        with pytest.raises(services.EventRefused, match="with its subjects"):
            services.close_event(actor=editor, event=record())
