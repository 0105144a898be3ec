import csv
import io

import pytest

from security.models import AuditEvent
from staffing import services

Kind = AuditEvent.Kind


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
class TestProfileExport:
    def test_a_peer_gets_the_work_columns_only(self, people, client):
        client.force_login(people["peer"])

        response = client.get(f"/staffing/people/{people['subject'].pk}/export.csv")

        (row,) = rows(response)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert row["job title"] == "Border Patrol Agent"
        assert row["home phone"] == row["medical alerts"] == row["hash id"] == ""
        assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()

    def test_the_supervisor_gets_more_and_the_look_is_audited(self, people, client):
        client.force_login(people["first_line"])

        response = client.get(f"/staffing/people/{people['subject'].pk}/export.csv")

        (row,) = rows(response)
        assert row["home phone"] == "(520) 555-0111"
        assert row["hash id"] == ""
        event = AuditEvent.objects.get(kind=Kind.PERSONAL_DATA_VIEWED)
        assert event.source == "staffing:profile-export"
        assert event.details == {
            "employees": {
                str(people["subject"].pk): ["emergency", "hr", "medical", "personal"]
            }
        }


@pytest.mark.django_db
def test_a_roster_of_many_is_one_event_naming_them_all(people, client):
    client.force_login(people["second_line"])

    response = client.get("/staffing/me/subordinates.csv")

    assert sorted(row["first name"] for row in rows(response)) == [
        "Firstline",
        "Otherchain",
    ]
    (event,) = AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED)
    assert len(event.details["employees"]) == 2


@pytest.mark.django_db
def test_employees_are_not_in_the_admin():
    from django.contrib import admin

    from staffing.models import Employee

    assert Employee not in admin.site._registry


@pytest.mark.django_db
def test_a_transfer_moves_the_login_and_keeps_the_history(people, audiences, units):
    subject = people["subject"]
    tucson_station = units["ajo"]

    services.update_profile(
        actor=audiences["personnel_here"],
        employee=subject,
        changes={"duty_station": tucson_station},
    )

    subject.refresh_from_db()
    subject.user.refresh_from_db()
    assert subject.duty_station == subject.user.home_unit == tucson_station
    assert subject.history.count() == 2
    assert subject.history.first().duty_station_id == tucson_station.pk


@pytest.mark.django_db
def test_personnel_record_a_separation_from_the_profile(people, audiences, client):
    client.force_login(audiences["personnel_here"])
    profile = client.get(f"/staffing/people/{people['subject'].pk}/").content.decode()
    assert "Record a separation" in profile

    response = client.post(
        f"/staffing/people/{people['subject'].pk}/separate/",
        {"separation_date": "2026-11-30", "reason": "Transferred to another agency."},
    )

    assert response.status_code == 302
    people["subject"].user.refresh_from_db()
    assert not people["subject"].user.is_active


@pytest.mark.django_db
def test_others_cannot_open_the_separation_page(people, client):
    client.force_login(people["first_line"])

    response = client.get(f"/staffing/people/{people['subject'].pk}/separate/")

    assert response.status_code == 403


@pytest.mark.django_db
def test_the_assigned_canine_links_to_the_registry(people, units, client):
    from staffing.models import Canine

    subject = people["subject"]
    subject.assigned_canine = Canine.objects.create(
        name="Rook", identifier="K9-01", station=units["nogales"], handler=subject
    )
    subject.save()
    client.force_login(people["peer"])

    page = client.get(f"/staffing/people/{subject.pk}/").content.decode()
    registry = client.get("/staffing/canines/").content.decode()

    assert '<a class="usa-link" href="/staffing/canines/">Rook (K9-01)</a>' in page
    assert "Subject Tester</a>" in registry
