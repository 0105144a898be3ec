"""Cases a fresh reviewer found; each stays as a test."""

import pytest

from security.models import AuditEvent
from staffing import services
from staffing.models import Employee

Kind = AuditEvent.Kind


@pytest.fixture
def personnel_employee(audiences, units):
    """The personnel officer has an employee record at the station too."""
    return Employee.objects.create(
        user=audiences["personnel_here"],
        first_name="Personnel",
        last_name="Officer",
        job_title="Personnel Officer",
        duty_station=units["nogales"],
        work_street="1 Station Road",
        work_city="Nogales",
        work_state="AZ",
        work_zip="85621",
    )


@pytest.mark.django_db
class TestChainOfCommand:
    def test_personnel_may_not_place_themselves_above_someone(
        self, people, audiences, personnel_employee
    ):
        with pytest.raises(services.ProfileChangeRefused, match="place yourself above"):
            services.update_profile(
                actor=audiences["personnel_here"],
                employee=people["subject"],
                changes={"supervisor": personnel_employee},
            )

        people["subject"].refresh_from_db()
        assert people["subject"].supervisor.user == people["first_line"]

    def test_a_loop_in_the_chain_is_refused(self, people, audiences):
        first_line = Employee.objects.get(user=people["first_line"])

        with pytest.raises(services.ProfileChangeRefused, match="already above"):
            services.update_profile(
                actor=audiences["personnel_here"],
                employee=first_line,
                changes={"supervisor": people["subject"]},
            )

    def test_a_new_supervisor_is_a_safeguard_change_in_the_audit(
        self, people, audiences
    ):
        second_line = Employee.objects.get(user=people["second_line"])

        services.update_profile(
            actor=audiences["personnel_here"],
            employee=people["subject"],
            changes={"supervisor": second_line},
        )

        event = AuditEvent.objects.get(
            kind=Kind.SAFEGUARD_CHANGED, target_type="staffing.Employee"
        )
        assert event.details == {"supervisor": second_line.pk}


@pytest.mark.django_db
def test_personnel_may_not_move_someone_outside_their_stations(
    people, audiences, units
):
    with pytest.raises(services.ProfileChangeRefused, match="only to stations"):
        services.update_profile(
            actor=audiences["personnel_here"],
            employee=people["subject"],
            changes={"duty_station": units["ysleta"]},
        )


@pytest.mark.django_db
def test_the_station_list_offers_only_the_officers_stations(people, audiences, client):
    client.force_login(audiences["personnel_here"])

    page = client.get(
        f"/staffing/people/{people['subject'].pk}/edit/work/"
    ).content.decode()

    assert "Ajo Station (Tucson Sector)" in page
    assert "Ysleta Station (El Paso Sector)" not in page


@pytest.mark.django_db
def test_a_linked_field_smuggled_into_another_form_is_refused_not_an_error(
    people, audiences, client
):
    client.force_login(audiences["personnel_here"])

    response = client.post(
        f"/staffing/people/{people['subject'].pk}/edit/hr/",
        {"academy_class": "901", "supervisor": "1", "employment_type": "EMPLOYEE"},
    )

    assert response.status_code == 400
    assert "You may not change: supervisor." in response.content.decode()


@pytest.mark.django_db
def test_opening_an_edit_page_of_hidden_fields_is_a_look(people, client):
    client.force_login(people["first_line"])

    client.get(f"/staffing/people/{people['subject'].pk}/edit/medical/")
    client.get(f"/staffing/people/{people['subject'].pk}/lists/emergency-contacts/")

    sources = sorted(
        AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).values_list(
            "source", flat=True
        )
    )
    assert sources == ["staffing:edit", "staffing:edit-list"]


@pytest.mark.django_db
def test_exports_appear_under_who_has_seen_my_information(people, client):
    client.force_login(people["first_line"])
    client.get(f"/staffing/people/{people['subject'].pk}/export.csv")
    client.force_login(people["second_line"])
    client.get("/staffing/me/subordinates.csv")
    client.force_login(people["self"])

    mine = client.get("/staffing/me/seen-by/").content.decode()
    client.force_login(people["first_line"])
    theirs = client.get("/staffing/me/seen-by/").content.decode()

    assert "emergency, hr, medical, personal, in a CSV file of your record" in mine
    assert "emergency, hr, medical, personal, in a CSV file of 2 people" in theirs


@pytest.mark.django_db
def test_separating_oneself_is_explained_not_an_error(
    audiences, personnel_employee, client
):
    client.force_login(audiences["personnel_here"])

    response = client.post(
        f"/staffing/people/{personnel_employee.pk}/separate/",
        {"separation_date": "2026-11-30", "reason": "Leaving."},
    )

    assert response.status_code == 400
    assert "Nobody records their own separation." in response.content.decode()
    personnel_employee.refresh_from_db()
    assert personnel_employee.status == Employee.Status.ACTIVE


@pytest.mark.django_db
def test_unlisted_phones_stay_hidden_even_when_chosen(people, client):
    subject = people["subject"]
    subject.shown_personal_fields = ["mobile_phone"]
    subject.phones_unlisted = True
    subject.save()
    client.force_login(people["peer"])

    page = client.get(f"/staffing/people/{subject.pk}/").content.decode()

    assert "(520) 555-0112" not in page


@pytest.mark.django_db
def test_the_handler_does_not_assign_their_own_canine(people, units):
    from staffing.models import Canine

    rook = Canine.objects.create(
        name="Rook", identifier="K9-01", station=units["nogales"]
    )

    with pytest.raises(services.ProfileChangeRefused, match="assigned canine"):
        services.update_profile(
            actor=people["self"],
            employee=people["subject"],
            changes={"assigned_canine": rook},
        )
    services.update_profile(
        actor=people["first_line"],
        employee=people["subject"],
        changes={"assigned_canine": rook},
    )
