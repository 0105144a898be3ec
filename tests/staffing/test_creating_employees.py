import re

import pytest
from django.test import Client

from security.models import AuditEvent, User
from staffing.models import Employee

NEW_RECORD = {
    "username": "nova.quail",
    "first_name": "Nova",
    "last_name": "Quail",
    "employment_type": "EMPLOYEE",
    "job_title": "Border Patrol Agent",
    "work_street": "1 Station Road",
    "work_city": "Nogales",
    "work_state": "AZ",
    "work_zip": "85621",
    "work_email": "nova.quail@demo.bpets.invalid",
}


@pytest.mark.django_db
def test_a_staffing_administrator_creates_a_record_and_the_person_sets_a_password(
    audiences, units, client
):
    client.force_login(audiences["staffing_administrator"])

    response = client.post(
        "/staffing/people/new/", {**NEW_RECORD, "duty_station": units["nogales"].pk}
    )

    page = response.content.decode()
    assert "Nova Quail's record is created" in page
    link = re.search(
        r"<code>http://testserver(/security/set-password/[^<]+)</code>", page
    )
    employee = Employee.objects.get(last_name="Quail")
    assert employee.user.username == "nova.quail"
    assert not employee.user.has_usable_password()
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCOUNT_CREATED, subject_user_id=employee.user_id
    ).exists()

    person = Client()
    form = person.get(link.group(1), follow=True)
    assert "Choose your password" in form.content.decode()
    person.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "novas-own-password-8",
            "new_password2": "novas-own-password-8",
        },
    )
    assert User.objects.get(username="nova.quail").check_password(
        "novas-own-password-8"
    )
    again = person.get(link.group(1), follow=True).content.decode()
    assert "This link has been used or has expired." in again


@pytest.mark.django_db
def test_a_missing_required_field_is_shown_and_nothing_is_created(
    audiences, units, client
):
    client.force_login(audiences["staffing_administrator"])
    record = {**NEW_RECORD, "duty_station": units["nogales"].pk, "work_street": ""}

    response = client.post("/staffing/people/new/", record)

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_work_street_error"' in page
    assert 'value="Nova"' in page
    assert not User.objects.filter(username="nova.quail").exists()


@pytest.mark.django_db
def test_others_may_not_create_records(people, client):
    client.force_login(people["first_line"])

    assert client.get("/staffing/people/new/").status_code == 403


@pytest.mark.django_db
def test_a_username_taken_is_named_beside_it(audiences, units, client, make_user):
    make_user("nova.quail")
    client.force_login(audiences["staffing_administrator"])
    record = {**NEW_RECORD, "duty_station": units["nogales"].pk}

    response = client.post("/staffing/people/new/", record)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "username": ["The username nova.quail is taken."]
    }
    assert 'value="nova.quail"' in response.content.decode()
    assert not Employee.objects.filter(last_name="Quail").exists()
