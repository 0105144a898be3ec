import csv
import io

import pytest

from security.models import AuditEvent
from staffing import services

Kind = AuditEvent.Kind


def rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def logged():
    """The events besides the logins the tests make."""
    return AuditEvent.objects.exclude(kind=Kind.LOGIN)


def download(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
class TestProfileExport:
    def test_a_peer_gets_the_work_columns_only(self, people, client):
        subject = people["subject"]

        response = download(
            client, people["peer"], f"/staffing/people/{subject.pk}/export.csv"
        )

        (row,) = rows(response)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert row["job title"] == "Border Patrol Agent"
        assert row["home phone"] == row["medical alerts"] == row["hash id"] == ""
        # Still a file that left: an export holding nobody's information
        # beyond the work group, so on nobody's "Who has seen my information".
        (event,) = logged()
        assert (event.kind, event.details) == (
            Kind.EXPORTED,
            {
                "module": "staffing",
                "report": "profile",
                "form": "csv",
                "rows": 1,
                "employees": {},
            },
        )
        page = download(client, people["self"], "/staffing/me/seen-by/")
        assert "Nobody has." in page.content.decode()

    def test_the_supervisors_file_is_one_export_naming_what_it_held(
        self, people, client
    ):
        # It was recorded as a look at a screen (personal_data.viewed), so an
        # auditor could not tell a file of medical information had left.
        subject = people["subject"]

        response = download(
            client, people["first_line"], f"/staffing/people/{subject.pk}/export.csv"
        )

        (row,) = rows(response)
        assert row["home phone"] == "(520) 555-0111"
        assert row["hash id"] == ""
        (event,) = logged()
        assert event.kind == Kind.EXPORTED
        assert event.actor_id == people["first_line"].pk
        assert event.source == "staffing:profile-export"
        assert (event.target_type, event.target_id) == (
            "staffing.Employee",
            str(subject.pk),
        )
        assert event.subject_user_id == people["self"].pk
        assert event.details == {
            "module": "staffing",
            "report": "profile",
            "form": "csv",
            "rows": 1,
            "employees": {str(subject.pk): ["emergency", "hr", "medical", "personal"]},
        }

    def test_the_person_reads_it_among_who_has_seen_their_information(
        self, people, client
    ):
        subject = people["subject"]
        download(
            client, people["first_line"], f"/staffing/people/{subject.pk}/export.csv"
        )

        page = download(client, people["self"], "/staffing/me/seen-by/")

        (event,) = page.context["page"]
        assert event.kind == Kind.EXPORTED
        body = page.content.decode()
        assert '<td data-label="Who">firstline</td>' in body
        assert (
            '<td data-label="What they saw">emergency, hr, medical, personal, '
            "in a CSV file of your record</td>"
        ) in body
        assert '<td data-label="Through">staffing:profile-export</td>' in body

    def test_an_auditor_finds_it_by_the_person_and_by_the_kind(
        self, people, client, give
    ):
        subject = people["subject"]
        download(
            client, people["first_line"], f"/staffing/people/{subject.pk}/export.csv"
        )
        give(people["peer"], "security", "security_auditor", "headquarters")

        found = download(
            client,
            people["peer"],
            f"/security/audit/?kind=export&subject_user_id={people['self'].pk}",
        )

        (event,) = found.context["page"]
        assert (event.kind, event.actor_username) == (Kind.EXPORTED, "firstline")

    def test_a_download_refused_by_the_rate_limit_records_no_export(
        self, people, client, settings
    ):
        settings.RATE_LIMITS = {"export": (1, 600), "login": (30, 60)}
        url = f"/staffing/people/{people['subject'].pk}/export.csv"

        statuses = [download(client, people["first_line"], url).status_code]
        statuses.append(client.get(url).status_code)

        assert statuses == [200, 429]
        assert AuditEvent.objects.filter(kind=Kind.EXPORTED).count() == 1


@pytest.mark.django_db
def test_a_file_of_many_is_one_export_naming_them_all(people, client):
    response = download(client, people["second_line"], "/staffing/me/subordinates.csv")

    assert sorted(row["first name"] for row in rows(response)) == [
        "Firstline",
        "Otherchain",
    ]
    (event,) = logged()
    assert (event.kind, event.target_type, event.subject_user_id) == (
        Kind.EXPORTED,
        "",
        None,
    )
    everything = ["emergency", "hr", "medical", "personal"]
    assert event.details == {
        "module": "staffing",
        "report": "subordinates",
        "form": "csv",
        "rows": 2,
        "employees": {
            str(people["first_line"].employee.pk): everything,
            str(people["other_chain"].employee.pk): everything,
        },
    }
    page = download(client, people["first_line"], "/staffing/me/seen-by/")
    assert (
        "emergency, hr, medical, personal, in a CSV file of 2 people"
        in page.content.decode()
    )


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
