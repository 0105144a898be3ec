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
            separation_date=date(2026, 12, 31),
            reason="Retired.",
        )

        subject.refresh_from_db()
        assert (subject.status, subject.separation_date) == (
            Employee.Status.SEPARATED,
            date(2026, 12, 31),
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
                separation_date=date(2026, 12, 31),
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
                separation_date=date(2026, 12, 31),
                reason="Retired.",
            )

        assert Employee.objects.get(pk=people["subject"].pk).status == "ACTIVE"
