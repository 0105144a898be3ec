import pytest

from security.models import AuditEvent
from staffing import services
from staffing.models import Employee

Kind = AuditEvent.Kind


def edit(client, employee, group, data):
    return client.post(f"/staffing/people/{employee.pk}/edit/{group}/", data)


@pytest.mark.django_db
class TestEditing:
    def test_the_person_changes_their_mobile_number(self, people, client):
        subject = people["subject"]
        client.force_login(people["self"])
        form = client.get(f"/staffing/people/{subject.pk}/edit/personal/")
        assert 'name="mobile_phone"' in form.content.decode()

        response = edit(
            client,
            subject,
            "personal",
            {
                "home_street": "12 Quiet Way",
                "home_phone": "(520) 555-0111",
                "mobile_phone": "(520) 555-0177",
            },
        )

        assert response.status_code == 302
        subject.refresh_from_db()
        assert subject.mobile_phone == "(520) 555-0177"
        assert subject.history.first().history_user == people["self"]

    def test_a_bad_phone_number_is_shown_next_to_the_field_and_kept(
        self, people, client
    ):
        client.force_login(people["self"])

        response = edit(client, people["subject"], "personal", {"mobile_phone": "555"})

        page = response.content.decode()
        assert response.status_code == 400
        assert "Enter a phone number as (520) 555-0100" in page
        assert 'value="555"' in page
        people["subject"].refresh_from_db()
        assert people["subject"].mobile_phone == "(520) 555-0112"

    def test_every_mistake_of_a_post_is_named_in_one_round(self, people, client):
        # The e-mail address is the form's own check; the ZIP code and the
        # phone number are the model's, and were once only found after the
        # e-mail address had been put right.
        client.force_login(people["self"])
        typed = {
            "home_zip": "ABCDE",
            "home_phone": "call me maybe",
            "personal_email": "not-an-email",
        }

        response = edit(client, people["subject"], "personal", typed)

        assert response.status_code == 400
        form = response.context["form"]
        assert set(form.errors) == {"home_zip", "home_phone", "personal_email"}
        assert form.errors["home_phone"] == [
            "Enter a phone number as (520) 555-0100, with an extension as x123."
        ]
        for name, value in typed.items():
            assert form[name].value() == value
        subject = Employee.objects.get(pk=people["subject"].pk)
        assert subject.home_phone != "call me maybe"
        assert subject.home_zip != "ABCDE"

    def test_a_field_smuggled_into_the_post_refuses_the_whole_change(
        self, people, client
    ):
        client.force_login(people["self"])

        response = edit(
            client,
            people["subject"],
            "personal",
            {"mobile_phone": "(520) 555-0177", "grade": "15"},
        )

        assert response.status_code == 400
        assert "You may not change: grade." in response.content.decode()
        subject = Employee.objects.get(pk=people["subject"].pk)
        assert (subject.grade, subject.mobile_phone) == (12, "(520) 555-0112")
        event = AuditEvent.objects.get(kind=Kind.DENIED)
        assert event.details == {"action": "edit profile", "fields": ["grade"]}

    def test_personnel_edit_hr_fields_and_supervisors_do_not(
        self, people, audiences, client
    ):
        subject = people["subject"]

        services.update_profile(
            actor=audiences["personnel_here"], employee=subject, changes={"step": 4}
        )
        with pytest.raises(
            services.ProfileChangeRefused, match="You may not change: step."
        ):
            services.update_profile(
                actor=audiences["first_line"], employee=subject, changes={"step": 5}
            )

        subject.refresh_from_db()
        assert subject.step == 4

    def test_a_peer_may_open_no_edit_page(self, people, client):
        client.force_login(people["peer"])

        response = client.get(f"/staffing/people/{people['subject'].pk}/edit/work/")

        assert response.status_code == 403


@pytest.mark.django_db
def test_the_person_chooses_what_everyone_sees(people, client):
    client.force_login(people["self"])

    client.post("/staffing/me/shown/", {"shown": ["mobile_phone"]})
    client.force_login(people["peer"])
    page = client.get(f"/staffing/people/{people['subject'].pk}/").content.decode()

    assert "<dt>Mobile phone</dt><dd>(520) 555-0112</dd>" in page
    assert "(520) 555-0111" not in page


@pytest.mark.django_db
class TestSeparation:
    def test_it_dates_the_leaving_and_ends_all_access_at_once(
        self, people, audiences, give, client
    ):
        from datetime import date

        from security.models import RoleGrant

        subject = people["subject"]
        give(subject.user, "timesheet", "self_service", "nogales")
        client.force_login(subject.user)

        services.separate(
            actor=audiences["personnel_here"],
            employee=subject,
            separation_date=date(2026, 11, 30),
            reason="Retired.",
        )

        subject.refresh_from_db()
        assert (subject.status, subject.separation_date) == (
            Employee.Status.SEPARATED,
            date(2026, 11, 30),
        )
        assert not subject.user.is_active
        assert not RoleGrant.objects.filter(user=subject.user, revoked_at__isnull=True)
        assert client.get("/").status_code == 302

    def test_only_personnel_over_the_station_record_it(self, people, audiences):
        from datetime import date

        with pytest.raises(services.ProfileChangeRefused, match="Only personnel"):
            services.separate(
                actor=audiences["personnel_elsewhere"],
                employee=people["subject"],
                separation_date=date(2026, 11, 30),
                reason="Retired.",
            )

        people["subject"].refresh_from_db()
        assert people["subject"].status == Employee.Status.ACTIVE
        assert people["subject"].user.is_active

    def test_a_failure_of_the_account_half_undoes_the_profile_half(
        self, people, audiences
    ):
        from datetime import date
        from unittest import mock

        from security import services as security_services

        failure = security_services.GrantRefused("simulated")
        with (
            mock.patch.object(
                security_services, "disable_account", side_effect=failure
            ),
            pytest.raises(security_services.GrantRefused),
        ):
            services.separate(
                actor=audiences["personnel_here"],
                employee=people["subject"],
                separation_date=date(2026, 11, 30),
                reason="Retired.",
            )

        assert Employee.objects.get(pk=people["subject"].pk).status == "ACTIVE"


@pytest.mark.django_db
def test_a_separation_still_to_come_is_refused(people, units):
    from datetime import timedelta

    from django.utils import timezone

    from staffing import services
    from tests.staffing.conftest import grant

    grant(people["peer"], "personnel", units["nogales"])
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(services.ProfileChangeRefused, match="still to come"):
        services.separate(
            actor=people["peer"],
            employee=people["subject"],
            separation_date=tomorrow,
            reason="Retiring.",
        )

    people["subject"].refresh_from_db()
    assert people["subject"].status == "ACTIVE"
    assert people["subject"].user.is_active


@pytest.mark.django_db
def test_personnel_do_not_keep_their_own_official_record(client, people, units):
    from tests.staffing.conftest import grant

    grant(people["self"], "personnel", units["nogales"])
    subject = people["subject"]
    client.force_login(people["self"])

    for group in ("hr", "identity"):
        response = client.post(
            f"/staffing/people/{subject.pk}/edit/{group}/", {"grade": "15"}
        )
        assert response.status_code == 403
    subject.refresh_from_db()
    assert subject.grade == 12


@pytest.mark.django_db
def test_a_supervisor_from_another_station_needs_a_supervisor_role_there(
    people, units, make_user, give
):
    """Naming someone above a person opens their personal and medical
    information; personnel may not open it to anyone at another station."""
    from staffing import services
    from staffing.models import Employee
    from tests.staffing.conftest import grant

    grant(people["second_line"], "personnel", units["nogales"])
    elsewhere_user = make_user("elsewhere", home="ysleta")
    elsewhere = Employee.objects.create(
        user=elsewhere_user,
        first_name="Else",
        last_name="Where",
        job_title="Border Patrol Agent",
        duty_station=units["ysleta"],
        work_street="1 Road",
        work_city="El Paso",
        work_state="TX",
        work_zip="79901",
    )

    with pytest.raises(services.ProfileChangeRefused, match="another station"):
        services.update_profile(
            actor=people["second_line"],
            employee=people["subject"],
            changes={"supervisor": elsewhere},
        )

    give(elsewhere_user, "staffing", "supervisor", "tucson")
    elsewhere = Employee.objects.get(pk=elsewhere.pk)  # as a new request reads it
    services.update_profile(
        actor=people["second_line"],
        employee=people["subject"],
        changes={"supervisor": elsewhere},
    )
    people["subject"].refresh_from_db()
    assert people["subject"].supervisor == elsewhere


@pytest.mark.django_db
def test_an_unfavorable_investigation_suspends_the_chain_and_every_grant(
    client, people, sector_admin
):
    from datetime import date

    from security import policies as security_policies
    from security import services as security_services
    from security.models import User

    supervisor = people["first_line"]
    client.force_login(supervisor)
    before = client.get(f"/staffing/people/{people['subject'].pk}/")
    assert b"Bee stings." in before.content

    security_services.record_background_investigation(
        actor=sector_admin,
        user=supervisor,
        status=User.Investigation.UNFAVORABLE,
        completed_on=date(2026, 11, 2),
    )

    after = client.get(f"/staffing/people/{people['subject'].pk}/")
    assert after.status_code == 302  # the session is over
    client.force_login(User.objects.get(pk=supervisor.pk))
    looked_again = client.get(f"/staffing/people/{people['subject'].pk}/")
    assert b"Bee stings." not in looked_again.content
    assert not security_policies.access_of(User.objects.get(pk=supervisor.pk)).granted


@pytest.mark.django_db
def test_a_number_shown_to_everyone_shows_only_as_it_is_now(client, people):
    """The person chose to share today's number, not the ones before it."""
    from staffing import services

    subject = people["subject"]
    services.update_profile(
        actor=people["self"],
        employee=subject,
        changes={"home_phone": "(520) 555-0177"},
    )
    services.set_shown_personal_fields(
        actor=people["self"], employee=subject, shown=["home_phone"]
    )
    client.force_login(people["peer"])

    page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

    assert "(520) 555-0177" in page
    assert "(520) 555-0111" not in page  # the number before, in the history


def filled(form) -> dict:
    """What the browser sends back for a form shown unchanged."""
    data = {}
    for field in form:
        value = field.value()
        if value is not None and value is not False:
            data[field.html_name] = value
    return data


@pytest.mark.django_db
def test_an_hr_value_out_of_range_is_named_beside_its_field(people, audiences, client):
    # The grade and step ranges are rules the database keeps; they were
    # shown in one alert above the form ("...1 to 10.The grade runs...").
    subject = people["subject"]
    client.force_login(audiences["personnel_here"])
    shown = client.get(f"/staffing/people/{subject.pk}/edit/hr/").context["form"]
    before = Employee.objects.filter(pk=subject.pk).values().get()

    response = edit(client, subject, "hr", {**filled(shown), "grade": 45, "step": 99})

    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == []
    assert form.errors == {
        "grade": ["The grade runs from 1 to 15."],
        "step": ["The step runs from 1 to 10."],
    }
    page = response.content.decode()
    for name, typed, message in (
        ("grade", 45, "The grade runs from 1 to 15."),
        ("step", 99, "The step runs from 1 to 10."),
    ):
        assert (
            f'<span class="usa-error-message" id="id_{name}_error" role="alert">'
            f"{message}</span>\n  "
            f'<input type="number" name="{name}" value="{typed}" min="0" '
            f'aria-invalid="true" aria-describedby="id_{name}_error" '
            f'class="usa-input usa-input--error" id="id_{name}">'
        ) in page
    assert "usa-alert--error" not in page
    assert Employee.objects.filter(pk=subject.pk).values().get() == before


@pytest.mark.django_db
def test_a_separation_still_to_come_is_named_beside_its_date(people, audiences, client):
    from datetime import timedelta

    from django.utils import timezone

    subject = people["subject"]
    client.force_login(audiences["personnel_here"])
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        f"/staffing/people/{subject.pk}/separate/",
        {"separation_date": tomorrow.isoformat(), "reason": "Retiring."},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "separation_date": [
            "A separation is recorded on or after its date, not before: "
            f"{tomorrow:%Y-%m-%d} is still to come."
        ]
    }
    page = response.content.decode()
    assert f'value="{tomorrow:%Y-%m-%d}"' in page
    assert 'value="Retiring."' in page
    subject.refresh_from_db()
    assert subject.status == Employee.Status.ACTIVE


def test_messages_above_a_form_are_told_apart():
    from django import forms
    from django.template.loader import render_to_string

    form = forms.Form(data={})
    form.is_valid()
    form.add_error(
        None, ["The step runs from 1 to 10.", "The grade runs from 1 to 15."]
    )

    alert = render_to_string("forms/non_field_errors.html", {"form": form})

    # Each in a paragraph of its own, with a line between, so that neither a
    # screen reader nor a copy of the text runs them into one sentence.
    assert [line.strip() for line in alert.splitlines() if "<p" in line] == [
        '<p class="usa-alert__text">The step runs from 1 to 10.</p>',
        '<p class="usa-alert__text">The grade runs from 1 to 15.</p>',
    ]
