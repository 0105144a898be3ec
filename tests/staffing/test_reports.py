import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from security.models import AuditEvent
from staffing import reports
from staffing.models import EmergencyContact, Employee

from .conftest import grant

Kind = AuditEvent.Kind
MARKING = "For Official Use Only"


def employee(make_user, units, username, supervisor, station="nogales", **fields):
    user = make_user(username, home=station)
    defaults = {
        "first_name": username.title(),
        "last_name": "Tester",
        "job_title": "Border Patrol Agent",
        "work_street": "1 Station Road",
        "work_city": "Nogales",
        "work_state": "AZ",
        "work_zip": "85621",
        "home_phone": "(520) 555-0181",
    }
    return Employee.objects.create(
        user=user,
        duty_station=units[station],
        supervisor=supervisor,
        **{**defaults, **fields},
    )


def change(person, **fields):
    for name, value in fields.items():
        setattr(person, name, value)
    person.save(update_fields=list(fields))


def contact(person, name, relationship, phone, **fields):
    return EmergencyContact.objects.create(
        employee=person, name=name, relationship=relationship, phone=phone, **fields
    )


@pytest.fixture
def station(people, make_user, units):
    """The fixture's chain at Nogales, with contacts, alerts and titles:

    Secondline (Patrol Agent in Charge)
      Firstline (Supervisory BPA): Subject, Colleague, Gone (separated)
      Otherchain (Supervisory BPA): Peer
    and, at Ysleta, Ysletachief over Ysletaagent.
    """
    subject = people["subject"]
    first_line = subject.supervisor
    second_line = first_line.supervisor
    other_chain = Employee.objects.get(user=people["other_chain"])
    peer = Employee.objects.get(user=people["peer"])

    change(second_line, job_title="Patrol Agent in Charge")
    for supervisor in (first_line, other_chain):
        change(supervisor, job_title="Supervisory Border Patrol Agent")
    change(
        subject,
        medical_alerts="Type 1 diabetic; carries insulin.",
        emergency_patrol_agent_name="Watch commander",
        emergency_patrol_agent_phone="(520) 555-0199",
        drivers_licence_number="D7730419",
        work_phone="(520) 555-0150",
    )
    colleague = employee(make_user, units, "colleague", first_line, medical_alerts="")
    gone = employee(
        make_user,
        units,
        "gone",
        first_line,
        status=Employee.Status.SEPARATED,
        separation_date=date(2026, 6, 30),
    )
    contact(gone, "Gail Gone", "Spouse", "(520) 555-0160")
    contact(
        subject,
        "Maria Tester",
        "Spouse",
        "(520) 555-0131",
        street="12 Quiet Way",
        city="Rio Rico",
        state="AZ",
        zip_code="85648",
    )
    contact(
        subject, "Jose Tester", "Brother", "(520) 555-0132", alternate_phone="555-0133"
    )
    contact(peer, "Ana Peer", "Mother", "(520) 555-0140")
    ysleta_chief = employee(make_user, units, "ysletachief", None, station="ysleta")
    ysleta_agent = employee(
        make_user, units, "ysletaagent", ysleta_chief, station="ysleta"
    )
    contact(ysleta_agent, "Yolanda Ysleta", "Spouse", "(915) 555-0170")
    return {
        **people,
        "subject": subject,
        "first_line_employee": first_line,
        "second_line_employee": second_line,
        "other_chain_employee": other_chain,
        "peer_employee": peer,
        "colleague": colleague,
        "gone": gone,
        "ysleta_chief": ysleta_chief.user,
        "ysleta_agent": ysleta_agent,
    }


def summary(report):
    """Each team as (supervisor, [(person, contacts, medical alerts)])."""
    return [
        (
            team.supervisor.first_name,
            [
                (
                    entry.employee.first_name,
                    [(c.name, c.relationship, c.phone) for c in entry.contacts],
                    entry.shown["medical_alerts"],
                )
                for entry in team.entries
            ],
        )
        for team in report.teams
    ]


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, its line breaks (where the layout wrapped) as spaces."""
    return [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(content)).pages
    ]


@pytest.mark.django_db
class TestEmergencyReportContent:
    def test_the_first_line_supervisor_gets_their_team(self, station):
        user = station["first_line"]

        report = reports.emergency_notification(user, station["first_line_employee"])

        assert summary(report) == [
            (
                "Firstline",
                [
                    ("Colleague", [], ""),
                    (
                        "Subject",
                        [
                            ("Maria Tester", "Spouse", "(520) 555-0131"),
                            ("Jose Tester", "Brother", "(520) 555-0132"),
                        ],
                        "Type 1 diabetic; carries insulin.",
                    ),
                ],
            )
        ]
        assert report.without_contacts == 1

    def test_the_second_line_supervisor_gets_the_whole_chain_below(self, station):
        user = station["second_line"]

        report = reports.emergency_notification(user, station["second_line_employee"])

        assert [
            (supervisor, [person for person, _, _ in people])
            for supervisor, people in summary(report)
        ] == [
            ("Secondline", ["Firstline", "Otherchain"]),
            ("Firstline", ["Colleague", "Subject"]),
            ("Otherchain", ["Peer"]),
        ]
        (peer,) = report.teams[2].entries
        assert [c.name for c in peer.contacts] == ["Ana Peer"]
        assert peer.shown["medical_alerts"] == "Bee stings."
        assert report.count == 5

    def test_it_shows_only_the_report_fields_and_their_groups(self, station):
        report = reports.emergency_notification(
            station["first_line"], station["first_line_employee"]
        )

        subject = report.teams[0].entries[1]
        assert subject.shown == {
            "job_title": "Border Patrol Agent",
            "work_phone": "(520) 555-0150",
            "work_mobile": "",
            "emergency_patrol_agent_name": "Watch commander",
            "emergency_patrol_agent_phone": "(520) 555-0199",
            "medical_alerts": "Type 1 diabetic; carries insulin.",
        }
        assert subject.groups == ["emergency", "medical"]


@pytest.mark.django_db
class TestEmergencyReportPage:
    def test_the_page_shows_the_team_and_not_the_others(self, station, client):
        client.force_login(station["first_line"])

        response = client.get(
            f"/staffing/reports/emergency/{station['first_line_employee'].pk}/"
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert "Subject Tester" in page and "Colleague Tester" in page
        assert "Maria Tester" in page and "Jose Tester" in page
        assert "(520) 555-0132" in page and "555-0133" in page
        assert "12 Quiet Way, Rio Rico AZ 85648" in page
        assert "Type 1 diabetic; carries insulin." in page
        assert "2 people in 1 team; 1 with no emergency contact on record" in page
        # Outside the chain, separated, or in the record but not the report.
        for absent in (
            "Peer Tester",
            "Ana Peer",
            "Gone Tester",
            "Gail Gone",
            "Yolanda Ysleta",
            "Bee stings.",
            "D7730419",
            "a" * 64,
            "(520) 555-0181",
        ):
            assert absent not in page

    def test_the_print_is_one_event_naming_exactly_those_people(self, station, client):
        client.force_login(station["first_line"])
        leader = station["first_line_employee"]

        client.get(f"/staffing/reports/emergency/{leader.pk}/")

        (event,) = AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED)
        assert event.actor_id == station["first_line"].pk
        assert event.source == "staffing:emergency-report-of"
        assert event.details == {
            "action": "print",
            "report": "emergency_notification",
            "leader": leader.pk,
            "employees": {
                str(station["subject"].pk): ["emergency", "medical"],
                str(station["colleague"].pk): ["emergency", "medical"],
            },
        }

    def test_each_person_sees_the_print_among_the_looks_at_them(self, station, client):
        client.force_login(station["first_line"])
        client.get("/staffing/reports/emergency/", follow=True)
        client.force_login(station["self"])

        page = client.get("/staffing/me/seen-by/").content.decode()

        assert "firstline" in page and "staffing:emergency-report" in page

    def test_my_report_is_the_one_below_me(self, station, client):
        client.force_login(station["second_line"])

        response = client.get("/staffing/reports/emergency/")

        leader = station["second_line_employee"].pk
        assert response.status_code == 302
        assert response["Location"] == f"/staffing/reports/emergency/{leader}/"

    def test_a_second_line_supervisor_prints_a_first_line_team(self, station, client):
        client.force_login(station["second_line"])

        response = client.get(
            f"/staffing/reports/emergency/{station['first_line_employee'].pk}/"
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "Subject Tester" in page and "Peer Tester" not in page

    def test_the_whole_chain_page_leads_to_each_team(self, station, client):
        client.force_login(station["second_line"])

        response = client.get(
            f"/staffing/reports/emergency/{station['second_line_employee'].pk}/"
        )

        page = response.content.decode()
        for team in ("first_line_employee", "other_chain_employee"):
            assert f'href="/staffing/reports/emergency/{station[team].pk}/"' in page

    @pytest.mark.parametrize("who", ["peer", "other_chain", "ysleta_chief"])
    def test_others_are_refused_and_the_attempt_audited(self, station, client, who):
        client.force_login(station[who])
        path = f"/staffing/reports/emergency/{station['first_line_employee'].pk}/"

        responses = [client.get(path), client.get(path.rstrip("/") + ".pdf")]

        assert [response.status_code for response in responses] == [403, 403]
        assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()
        denied = AuditEvent.objects.filter(kind=Kind.DENIED, actor_id=station[who].pk)
        assert sorted(event.details["path"] for event in denied) == [
            path.rstrip("/") + ".pdf",
            path,
        ]

    def test_nobody_below_is_an_empty_report_and_no_event(self, station, client):
        client.force_login(station["peer"])

        response = client.get(
            f"/staffing/reports/emergency/{station['peer_employee'].pk}/"
        )

        assert response.status_code == 200
        assert "Nobody is below Peer Tester in the chain of command." in (
            response.content.decode()
        )
        assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()


@pytest.mark.django_db
class TestEmergencyReportPdf:
    def test_the_download_is_a_marked_pdf_and_an_event(self, station, client):
        client.force_login(station["first_line"])
        leader = station["first_line_employee"]

        response = client.get(f"/staffing/reports/emergency/{leader.pk}.pdf")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert response["Content-Disposition"] == (
            f'attachment; filename="emergency-notification-{leader.pk}.pdf"'
        )
        assert response.content.startswith(b"%PDF-")
        (text,) = pdf_pages(response.content)
        assert MARKING in text and "Page 1 of 1" in text
        assert "Maria Tester" in text and "Type 1 diabetic; carries insulin." in text
        assert "Ana Peer" not in text and "D7730419" not in text
        # The file is an export, and nothing else: not also a look.
        assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()
        (event,) = AuditEvent.objects.filter(kind=Kind.EXPORTED)
        assert event.source == "staffing:emergency-report-pdf"
        assert event.details == {
            "module": "staffing",
            "report": "emergency_notification",
            "form": "pdf",
            "rows": 2,
            "leader": leader.pk,
            "employees": {
                str(station["subject"].pk): ["emergency", "medical"],
                str(station["colleague"].pk): ["emergency", "medical"],
            },
        }
        client.force_login(station["self"])
        seen = client.get("/staffing/me/seen-by/").content.decode()
        assert "emergency, medical, in a PDF file of 2 people" in seen
        assert '<td data-label="Through">staffing:emergency-report-pdf</td>' in seen

    def test_every_page_of_a_long_report_is_marked_and_numbered(
        self, station, client, make_user, units
    ):
        leader = station["first_line_employee"]
        for number in range(40):
            person = employee(make_user, units, f"agent{number:02d}", leader)
            contact(person, f"Contact {number:02d}", "Spouse", "(520) 555-0100")
            contact(person, f"Second {number:02d}", "Parent", "(520) 555-0101")
        client.force_login(station["first_line"])

        response = client.get(f"/staffing/reports/emergency/{leader.pk}.pdf")

        pages = pdf_pages(response.content)
        assert len(pages) > 2
        for number, text in enumerate(pages, start=1):
            assert text.count(MARKING) >= 2, f"page {number}"
            assert f"Page {number} of {len(pages)}" in text
        everything = "".join(pages)
        assert all(f"Contact {number:02d}" in everything for number in range(40))


@pytest.mark.django_db
def test_a_report_too_large_for_a_pdf_is_printed_from_its_page(
    station, client, monkeypatch
):
    from staffing import report_views

    monkeypatch.setattr(report_views, "PDF_MOST_PEOPLE", 1)
    client.force_login(station["first_line"])
    leader = station["first_line_employee"]

    response = client.get(f"/staffing/reports/emergency/{leader.pk}.pdf", follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [
        (f"/staffing/reports/emergency/{leader.pk}/", 302)
    ]
    assert (
        "A PDF holds at most 1 people, and this report holds 2: print this page "
        "instead, or each team&#x27;s report."
    ) in page
    assert "Download PDF" not in page
    assert [
        event.details["action"]
        for event in AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED)
    ] == ["print"]


@pytest.mark.django_db
def test_the_emergency_report_costs_the_same_queries_for_ten_times_the_people(
    station, client, make_user, units
):
    """Two levels below the leader, then ten times the people and contacts."""
    leader = station["second_line_employee"]
    client.force_login(station["second_line"])
    path = f"/staffing/reports/emergency/{leader.pk}/"

    def add(count, start):
        for number in range(start, start + count):
            middle = employee(make_user, units, f"middle{number}", leader)
            person = employee(make_user, units, f"agent{number}", middle)
            for which in range(3):
                contact(person, f"Contact {number}-{which}", "Kin", "(520) 555-0100")

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries.captured_queries), response.content.decode()

    add(2, 0)
    client.get(path)
    small, _ = measure()
    add(18, 2)
    large, page = measure()

    assert "Contact 19-2" in page
    assert large == small


@pytest.fixture
def roster_station(station, units):
    grant(station["first_line"], "supervisor", units["nogales"])
    grant(station["ysleta_chief"], "supervisor", units["ysleta"])
    return station


@pytest.mark.django_db
class TestStationRoster:
    def test_the_roster_groups_by_supervisor_with_counts(self, roster_station, units):
        roster = reports.station_roster(units["nogales"])

        assert [
            (
                group.supervisor.first_name if group.supervisor else None,
                [person.first_name for person in group.people],
            )
            for group in roster.groups
        ] == [
            ("Firstline", ["Colleague", "Subject"]),
            ("Otherchain", ["Peer"]),
            ("Secondline", ["Firstline", "Otherchain"]),
            (None, ["Secondline"]),
        ]
        assert roster.titles == [
            ("Border Patrol Agent", 3),
            ("Supervisory Border Patrol Agent", 2),
            ("Patrol Agent in Charge", 1),
        ]
        assert roster.count == 6

    def test_the_page_shows_work_information_only(self, roster_station, client, units):
        client.force_login(roster_station["first_line"])

        response = client.get(f"/staffing/reports/rosters/{units['nogales'].pk}/")

        page = response.content.decode()
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert "6 active people, by supervisor." in page
        assert "Reporting to Firstline Tester, Supervisory Border Patrol Agent (2)" in (
            page
        )
        assert "No supervisor on record (1)" in page
        assert "(520) 555-0150" in page
        for absent in ("Gone Tester", "Ysletaagent", "(520) 555-0181", "Bee stings"):
            assert absent not in page

    def test_the_print_and_the_download_name_the_people(
        self, roster_station, client, units
    ):
        client.force_login(roster_station["first_line"])
        nogales = units["nogales"].pk

        client.get(f"/staffing/reports/rosters/{nogales}/")
        response = client.get(f"/staffing/reports/rosters/{nogales}.pdf")

        assert response.content.startswith(b"%PDF-")
        (text,) = pdf_pages(response.content)
        assert MARKING in text and "Page 1 of 1" in text
        assert "Colleague Tester" in text and "Gone Tester" not in text
        events = AuditEvent.objects.exclude(kind=Kind.LOGIN).order_by("id")
        people = sorted(
            Employee.objects.filter(
                duty_station=units["nogales"], status=Employee.Status.ACTIVE
            ).values_list("pk", flat=True)
        )
        held = {"report": "station_roster", "groups": ["work"], "people": people}
        assert [
            (event.kind, event.source, event.target_id, event.details)
            for event in events
        ] == [
            (
                Kind.PERSONAL_DATA_VIEWED,
                "staffing:roster",
                str(nogales),
                {"action": "print", **held},
            ),
            (
                Kind.EXPORTED,
                "staffing:roster-pdf",
                str(nogales),
                {"module": "staffing", "form": "pdf", "rows": len(people), **held},
            ),
        ]

    def test_personnel_over_the_sector_may_print_it(self, station, audiences, client):
        client.force_login(audiences["personnel_here"])

        response = client.get("/staffing/reports/rosters/")

        assert response.status_code == 200
        assert "Nogales Station" in response.content.decode()

    @pytest.mark.parametrize("who", ["peer", "ysleta_chief"])
    def test_others_are_refused_and_audited(self, roster_station, client, units, who):
        client.force_login(roster_station[who])
        path = f"/staffing/reports/rosters/{units['nogales'].pk}/"

        response = client.get(path)

        assert response.status_code == 403
        assert AuditEvent.objects.filter(
            kind=Kind.DENIED, actor_id=roster_station[who].pk, details__path=path
        ).exists()
        assert not AuditEvent.objects.filter(kind=Kind.PERSONAL_DATA_VIEWED).exists()

    def test_a_sector_is_not_a_station(self, roster_station, client, units):
        client.force_login(roster_station["first_line"])

        response = client.get(f"/staffing/reports/rosters/{units['tucson'].pk}/")

        assert response.status_code == 404

    def test_one_station_goes_straight_to_its_roster(
        self, roster_station, client, units
    ):
        client.force_login(roster_station["first_line"])

        response = client.get("/staffing/reports/rosters/")

        assert response["Location"] == (
            f"/staffing/reports/rosters/{units['nogales'].pk}/"
        )


@pytest.mark.django_db
def test_the_roster_costs_the_same_queries_for_ten_times_the_people(
    roster_station, client, make_user, units
):
    leader = roster_station["first_line_employee"]
    client.force_login(roster_station["first_line"])
    path = f"/staffing/reports/rosters/{units['nogales'].pk}/"

    def add(count, start):
        for number in range(start, start + count):
            middle = employee(make_user, units, f"middle{number}", leader)
            employee(make_user, units, f"agent{number}", middle)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries.captured_queries), response.content.decode()

    add(2, 0)
    client.get(path)
    small, _ = measure()
    add(18, 2)
    large, page = measure()

    assert "46 active people" in page
    assert large == small


@pytest.mark.django_db
def test_the_landing_page_leads_to_the_reports(roster_station, client):
    client.force_login(roster_station["first_line"])
    supervisor_page = client.get("/staffing/").content.decode()
    client.force_login(roster_station["self"])
    agent_page = client.get("/staffing/").content.decode()

    assert 'href="/staffing/reports/emergency/"' in supervisor_page
    assert 'href="/staffing/reports/rosters/"' in supervisor_page
    assert "/staffing/reports/" not in agent_page


@pytest.mark.django_db
def test_the_demo_supervisor_has_a_report_with_contacts_and_alerts(demo, client):
    from security.models import User

    supervisor = User.objects.get(username="supervisor")
    client.force_login(supervisor)

    response = client.get("/staffing/reports/emergency/", follow=True)

    report = response.context["report"]
    assert report.count > 0
    assert all(entry.contacts for entry in report.entries)
    assert any(
        entry.shown["medical_alerts"] not in ("", "None known.")
        for entry in report.entries
    )
