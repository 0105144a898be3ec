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
REPORTS = (
    "/reporting/gpra/zones",
    "/reporting/intelligence/apprehensions",
    "/reporting/intelligence/national-guard",
    "/reporting/intelligence/canine-assists",
)
QUERIES = (
    "?area=TCA&station=&first_year=2025&last_year=2027",
    "?area=TCA&station=Nogales&first_year=2026&last_year=2026",
    "?area=USBP&station=&first_year=2018&last_year=2018",
)
PAGES += [
    f"{report}{form}{query}"
    for report in REPORTS
    for form in ("/", ".csv")
    for query in QUERIES
]
PAGES += ["/reporting/releases/"]


def demo_days() -> str:
    """The demo's finalized pay period at Nogales, which gives the
    deployment extract lines."""
    from django.utils import timezone

    from scheduling import pay_periods

    period = pay_periods.containing(timezone.localdate())
    return f"from={period.start}&to={period.end}"


def deployment_pages() -> list[str]:
    """The deployment extract's page, CSV and signature."""
    days = demo_days()
    return [
        f"/reporting/deployment{form}?area={area}&{days}"
        for form in ("/", ".csv", ".csv.sig")
        for area in ("TCA&station=Nogales", "USBP")
    ]


def warehouse_pulls(client) -> list[str]:
    """What the demo's warehouse account pulls for its sector and station,
    with a token the sector's access administrator issues."""
    from security.models import ServiceAccount, User
    from security.services import service_accounts

    account = ServiceAccount.objects.get(partner="warehouse")
    _, token = service_accounts.issue_token(
        User.objects.get(username="access-admin"), account
    )
    texts = []
    days = demo_days()
    for area in ("TCA&station=Nogales", "TCA"):
        url = f"/reporting/api/deployment?area={area}&{days}"
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, url
        assert response.json()["rows"], url
        texts.append(response.content.decode())
    return texts


PDFS = [
    "/reporting/aor-summary.pdf?area=TCA&station=&first_year=2025&last_year=2027",
    *(f"{report}.pdf{QUERIES[0]}" for report in REPORTS),
]


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
    # Figures by zone, canine and month, so every report has lines.
    import_file(
        snapshot_file(
            "2026,,TCA,,,,apprehensions,10,people",
            "2027,,TCA,,,,apprehensions,12,people",
            "2026,1,TCA,,,,apprehensions,3,people",
            "2026,,TCA,,,,national_guard,30,troops",
            "2026,,TCA,Nogales,Z99,,apprehensions,4,people",
            "2026,,TCA,Nogales,,K9-0001,canine_assists,2,assists",
        )
    )


def test_no_report_or_export_shows_a_personal_field(client, people_and_statistics):
    from security.models import User

    client.force_login(User.objects.get(username="analyst"))
    values = personal_values()
    assert len(values) > 20  # the demo's people are there to be looked for
    texts = []
    for url in PAGES + deployment_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    for url in PDFS:
        response = client.get(url)
        assert response.status_code == 200, url
        reader = PdfReader(io.BytesIO(response.content))
        texts.append(" ".join(page.extract_text() for page in reader.pages))

    texts += warehouse_pulls(client)
    texts += released_texts(client)

    found = {value for value in values for text in texts if value in text}
    assert found == set()
    # The BSITS counts did reach the report: the demo's two events.
    assert any("Deaths in BSITS" in text for text in texts)


def released_texts(client) -> list[str]:
    """The demo's pending release, approved by the demo's release approver:
    its page and the PDF it issued."""
    from reporting.models import ReleaseRequest
    from security.models import User

    release = ReleaseRequest.objects.get()
    client.force_login(User.objects.get(username="release-approver"))
    url = f"/reporting/releases/{release.pk}/"
    assert client.post(f"{url}approve/", {"marking": "FOUO"}).status_code == 302
    pdf = client.get(f"{url}pdf/")
    assert pdf.status_code == 200
    reader = PdfReader(io.BytesIO(pdf.content))
    return [
        client.get(url).content.decode(),
        " ".join(page.extract_text() for page in reader.pages),
    ]


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

    texts = []
    for report in ("/reporting/aor-summary", *REPORTS):
        texts += [
            client.get(f"{report}/{query}").content.decode(),
            client.get(f"{report}.csv{query}").content.decode(),
            " ".join(
                page.extract_text()
                for page in PdfReader(
                    io.BytesIO(client.get(f"{report}.pdf{query}").content)
                ).pages
            ),
        ]

    assert all("Nogales" in text for text in texts[:3])
    assert [text for text in texts if marker in text or "555-01" in text] == []
