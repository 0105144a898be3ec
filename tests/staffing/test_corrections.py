from datetime import date

import pytest
from django.urls import reverse

from security.models import AuditEvent
from staffing import corrections
from staffing.models import CorrectionRequest, Employee
from tests.staffing.conftest import grant

State = CorrectionRequest.State


@pytest.fixture
def personnel(people, units):
    """The peer also works in personnel over Nogales."""
    grant(people["peer"], "personnel", units["nogales"])
    return people["peer"]


def ask(people, field_name="grade", value="13", reason="SF-50 of 2026-03-01."):
    return corrections.request_correction(
        actor=people["self"],
        employee=people["subject"],
        field_name=field_name,
        requested_value=value,
        reason=reason,
    )


@pytest.mark.django_db
class TestAsking:
    def test_the_request_keeps_what_was_on_record_and_what_is_asked(self, people):
        correction = ask(people)

        assert correction.state == State.OPEN
        assert correction.value_on_record == "12"
        assert correction.requested_value == "13"
        assert correction.requested_by == people["self"]
        people["subject"].refresh_from_db()
        assert people["subject"].grade == 12

    def test_the_page_makes_one(self, client, people):
        client.force_login(people["self"])

        response = client.post(
            reverse("staffing:my-corrections"),
            {
                "field_name": "service_computation_date",
                "requested_value": "2009-03-01",
                "reason": "Military service counted.",
            },
        )

        assert response.status_code == 302
        correction = CorrectionRequest.objects.get()
        assert correction.field_name == "service_computation_date"
        page = client.get(reverse("staffing:my-corrections"))
        assert b"Service computation date" in page.content
        assert b"Waiting for personnel" in page.content

    @pytest.mark.parametrize(
        ("field_name", "value", "errors"),
        [
            ("grade", "sixteen", {"requested_value": ["Enter a whole number."]}),
            ("grade", "16", {"requested_value": ["The grade runs from 1 to 15."]}),
            (
                "entered_on_duty_date",
                "03/01/2009",
                {"requested_value": ["Enter a valid date."]},
            ),
            (
                "grade",
                "12",
                {"requested_value": ["Your record already holds that value."]},
            ),
            # Not even offered: the form refuses the choice itself.
            (
                "medical_alerts",
                "None",
                {
                    "field_name": [
                        "Select a valid choice. medical_alerts is not one of the "
                        "available choices."
                    ]
                },
            ),
        ],
    )
    def test_a_bad_request_is_refused_beside_its_field_and_the_form_keeps_it(
        self, client, people, field_name, value, errors
    ):
        # The record's rules were once shown above the form, the box that
        # held the wrong value unmarked.
        client.force_login(people["self"])

        response = client.post(
            reverse("staffing:my-corrections"),
            {"field_name": field_name, "requested_value": value, "reason": "Wrong."},
        )

        assert response.status_code == 400
        assert not CorrectionRequest.objects.exists()
        assert response.context["form"].errors == errors
        assert f'value="{value}"'.encode() in response.content
        assert b"usa-alert--error" not in response.content

    def test_bounds_are_those_of_the_field(self, people):
        with pytest.raises(corrections.CorrectionRefused, match="runs from 1 to 15"):
            ask(people, value="16")

    def test_one_open_request_per_field(self, people):
        ask(people)

        with pytest.raises(corrections.CorrectionRefused, match="already have an open"):
            ask(people, value="14")

    def test_nobody_asks_for_someone_else(self, people):
        with pytest.raises(corrections.CorrectionRefused, match="Only the person"):
            corrections.request_correction(
                actor=people["first_line"],
                employee=people["subject"],
                field_name="grade",
                requested_value="13",
                reason="Kindness.",
            )


@pytest.mark.django_db
class TestDeciding:
    def test_accepting_changes_the_record_with_history_naming_the_request(
        self, client, people, personnel
    ):
        correction = ask(people)
        client.force_login(personnel)

        response = client.post(
            reverse("staffing:correction", args=[correction.pk]),
            {"decision": "accept", "reason": ""},
        )

        assert response.status_code == 302
        correction.refresh_from_db()
        assert correction.state == State.ACCEPTED
        assert correction.decided_by == personnel
        subject = Employee.objects.get(pk=people["subject"].pk)
        assert subject.grade == 13
        latest = subject.history.order_by("-history_date").first()
        assert latest.history_change_reason == f"Correction request {correction.pk}"
        assert latest.history_user == personnel

    def test_a_date_is_recorded_as_a_date(self, people, personnel):
        correction = ask(people, field_name="entered_on_duty_date", value="2008-03-02")

        corrections.accept(actor=personnel, correction=correction)

        people["subject"].refresh_from_db()
        assert people["subject"].entered_on_duty_date == date(2008, 3, 2)

    def test_declining_needs_a_reason_the_person_then_reads(
        self, client, people, personnel
    ):
        correction = ask(people)
        client.force_login(personnel)
        url = reverse("staffing:correction", args=[correction.pk])

        refused = client.post(url, {"decision": "decline", "reason": " "})
        declined = client.post(
            url, {"decision": "decline", "reason": "The SF-50 says 12."}
        )

        assert refused.status_code == 400
        assert (
            "Say why the request is declined."
            in refused.context["form"].errors["reason"]
        )
        assert declined.status_code == 302
        correction.refresh_from_db()
        assert correction.state == State.DECLINED
        people["subject"].refresh_from_db()
        assert people["subject"].grade == 12
        client.force_login(people["self"])
        page = client.get(reverse("staffing:my-corrections"))
        assert b"Declined: The SF-50 says 12." in page.content

    def test_a_decided_request_is_not_decided_again(self, people, personnel):
        correction = ask(people)
        corrections.decline(actor=personnel, correction=correction, reason="No.")

        with pytest.raises(corrections.CorrectionRefused, match="already been decided"):
            corrections.accept(actor=personnel, correction=correction)
        people["subject"].refresh_from_db()
        assert people["subject"].grade == 12

    def test_only_personnel_over_the_station_decide(self, people, units):
        correction = ask(people)
        grant(people["other_chain"], "personnel", units["ysleta"])

        for outsider in (people["first_line"], people["other_chain"]):
            with pytest.raises(corrections.CorrectionRefused, match="Only personnel"):
                corrections.accept(actor=outsider, correction=correction)

        correction.refresh_from_db()
        assert correction.state == State.OPEN
        people["subject"].refresh_from_db()
        assert people["subject"].grade == 12

    def test_personnel_do_not_decide_their_own(self, people, units):
        grant(people["self"], "personnel", units["nogales"])
        correction = ask(people)

        with pytest.raises(
            corrections.CorrectionRefused, match="other than the person"
        ):
            corrections.accept(actor=people["self"], correction=correction)

    def test_the_person_may_withdraw_an_open_request(self, client, people):
        correction = ask(people)
        client.force_login(people["self"])

        response = client.post(
            reverse("staffing:correction", args=[correction.pk]), {"withdraw": "1"}
        )

        assert response.status_code == 302
        correction.refresh_from_db()
        assert correction.state == State.WITHDRAWN


@pytest.mark.django_db
class TestWhoSees:
    def test_the_queue_lists_open_requests_at_the_personnels_stations(
        self, client, people, personnel, units, make_user
    ):
        mine = ask(people)
        far = make_user("faraway", home="ysleta")
        elsewhere = Employee.objects.create(
            first_name="Far",
            last_name="Away",
            job_title="Agent",
            duty_station=units["ysleta"],
            work_street="1 Road",
            work_city="El Paso",
            work_state="TX",
            work_zip="79901",
            grade=11,
            user=far,
        )
        other = corrections.request_correction(
            actor=far,
            employee=elsewhere,
            field_name="grade",
            requested_value="12",
            reason="Promotion.",
        )
        client.force_login(personnel)

        response = client.get(reverse("staffing:corrections"))

        assert [c.pk for c in response.context["requests"]] == [mine.pk]
        assert other.pk not in [c.pk for c in response.context["requests"]]

    def test_a_stranger_gets_404_and_the_try_is_audited(self, client, people):
        correction = ask(people)
        client.force_login(people["other_chain"])

        response = client.get(reverse("staffing:correction", args=[correction.pk]))
        posted = client.post(
            reverse("staffing:correction", args=[correction.pk]),
            {"decision": "accept"},
        )

        assert response.status_code == 404
        assert posted.status_code == 404
        assert (
            AuditEvent.objects.filter(
                kind=AuditEvent.Kind.DENIED, actor_id=people["other_chain"].pk
            ).count()
            == 2
        )
        correction.refresh_from_db()
        assert correction.state == State.OPEN

    def test_the_person_reads_their_own_but_cannot_decide_it(self, client, people):
        correction = ask(people)
        client.force_login(people["self"])
        url = reverse("staffing:correction", args=[correction.pk])

        page = client.get(url)
        client.post(url, {"decision": "accept"})

        assert page.status_code == 200
        assert page.context["form"] is None
        correction.refresh_from_db()
        assert correction.state == State.OPEN
        people["subject"].refresh_from_db()
        assert people["subject"].grade == 12


@pytest.mark.django_db
def test_the_queue_is_for_personnel(client, people):
    client.force_login(people["self"])

    response = client.get(reverse("staffing:corrections"))

    assert response.status_code == 403
