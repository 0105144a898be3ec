"""No report, export or snapshot page holds a personal field of anyone."""

import io

import pytest
from pypdf import PdfReader

from bsits.models import Subject
from security.models import OrganizationUnit
from staffing.models import EmergencyContact, Employee

pytestmark = pytest.mark.django_db

PAGES = [
    "/reporting/",
    "/reporting/aor-summary/?area=USBP&station=&first_year=2011&last_year=2018",
    "/reporting/aor-summary/?area=TCA&station=Nogales&first_year=2018&last_year=2018",
    "/reporting/aor-summary/?area=TCA&station=&first_year=2025&last_year=2027",
    "/reporting/aor-summary.csv?area=USBP&station=&first_year=2011&last_year=2018",
    "/reporting/aor-summary.csv?area=TCA&station=&first_year=2025&last_year=2027",
    "/reporting/snapshot/imports/",
    "/reporting/snapshot/versions/",
]
PDFS = ["/reporting/aor-summary.pdf?area=TCA&station=&first_year=2025&last_year=2027"]


def personal_values() -> set[str]:
    """Every value of a field beyond the work group of the fixture people,
    and of the BSITS subjects, long enough to be told apart."""
    # Place names (a home in Nogales, a contact named Diego) are the
    # organization's too: a report names its sectors and stations.
    places = set()
    for name in OrganizationUnit.objects.values_list("name", flat=True):
        places |= {name.lower(), *name.lower().split()}
    values = set()
    for model in (Employee, EmergencyContact, Subject):
        fields = [
            field
            for field in model._meta.concrete_fields
            if field.get_internal_type() in ("CharField", "TextField")
            and not field.choices
            and field.name not in WORK_FIELDS.get(model, ())
        ]
        for record in model.objects.all():
            for field in fields:
                value = (getattr(record, field.attname) or "").strip()
                if len(value) >= 5 and value.lower() not in places:
                    values.add(value)
    return values


# What the work group shows everyone (a report may never need it either,
# but it is not personal); everything else counts as personal.
WORK_FIELDS = {
    Employee: {
        "job_title",
        "work_street",
        "work_city",
        "work_state",
        "work_zip",
        "nickname",
        "title",
    },
}


@pytest.fixture
def people_and_statistics(demo, published, snapshot_file, import_file):
    # A figure for the demo station's sector in the years the demo's BSITS
    # events fall in, so the BSITS columns are filled.
    import_file(
        snapshot_file(
            "2026,,TCA,,,,apprehensions,10,people",
            "2027,,TCA,,,,apprehensions,12,people",
        )
    )


def test_no_report_or_export_shows_a_personal_field(client, people_and_statistics):
    from security.models import User

    client.force_login(User.objects.get(username="analyst"))
    values = personal_values()
    assert len(values) > 20  # the demo's people are there to be looked for
    texts = []
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    for url in PDFS:
        response = client.get(url)
        assert response.status_code == 200, url
        reader = PdfReader(io.BytesIO(response.content))
        texts.append(" ".join(page.extract_text() for page in reader.pages))

    found = {value for value in values for text in texts if value in text}
    assert found == set()
    # The BSITS counts did reach the report: the demo's two events.
    assert any("Deaths in BSITS" in text for text in texts)


def test_a_marked_person_at_the_reported_station_is_not_shown(
    client, organization, units, make_user, hq_analyst, snapshot_file, import_file
):
    """A person whose every personal field carries a marker, at the station
    the report is about: no marker reaches the page, the CSV or the PDF."""
    marker = "zq-personal"
    Employee.objects.create(
        user=make_user("markedagent"),
        first_name="Marked",
        last_name="Agent",
        job_title="Border Patrol Agent",
        duty_station=units["nogales"],
        work_street="1 Station Road",
        work_city="Nogales",
        work_state="AZ",
        work_zip="85621",
        home_street=f"{marker}-home-street",
        home_city=f"{marker}-home-city",
        home_phone="(520) 555-0199",
        mobile_phone="(520) 555-0198",
        personal_email=f"{marker}@example.com",
        medical_alerts=f"{marker}-medical",
        doctor_name=f"{marker}-doctor",
        academy_class=f"{marker}-academy",
        emergency_patrol_agent_name=f"{marker}-patrol-contact",
    )
    import_file(snapshot_file("2020,,TCA,Nogales,,,apprehensions,3,people"))
    client.force_login(hq_analyst)
    query = "?area=TCA&station=Nogales&first_year=2020&last_year=2020"

    texts = [
        client.get(f"/reporting/aor-summary/{query}").content.decode(),
        client.get(f"/reporting/aor-summary.csv{query}").content.decode(),
        " ".join(
            page.extract_text()
            for page in PdfReader(
                io.BytesIO(client.get(f"/reporting/aor-summary.pdf{query}").content)
            ).pages
        ),
    ]

    assert all("Nogales Station" in text for text in texts)
    assert [text for text in texts if marker in text or "555-01" in text] == []
