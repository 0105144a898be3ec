"""Releasing a report outside the agency: an analyst asks, a release
approver at headquarters who is not the one who asked approves (the PDF
issued and kept, marked as chosen) or refuses with a reason; CSV never
leaves."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reporting.models import ReleaseRequest
from security import retention
from security.models import AuditEvent

pytestmark = pytest.mark.django_db

TUCSON_2018 = "report=aor_summary&area=TCA&station=&first_year=2018&last_year=2018"
NEW = "/reporting/releases/new/?"


@pytest.fixture
def tucson_2018(organization, snapshot_file, import_file):
    import_file(snapshot_file("2018,,TCA,,,,apprehensions,52172,people"))


@pytest.fixture
def approver(make_user, give):
    user = make_user("approver", home="headquarters")
    give(user, "reporting", "release_approver", "headquarters")
    return user


@pytest.fixture
def asked(client, tucson_2018, tucson_analyst):
    client.force_login(tucson_analyst)
    client.post(
        NEW + TUCSON_2018,
        {"purpose": "CONGRESS", "recipient": "Senate appropriations hearing"},
    )
    return ReleaseRequest.objects.get()


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def kinds(kind) -> list[dict]:
    return [e.details for e in AuditEvent.objects.filter(kind=kind).order_by("pk")]


def test_an_analyst_asks_for_a_release_of_a_report_as_shown(
    client, tucson_2018, tucson_analyst
):
    client.force_login(tucson_analyst)

    page = client.get(NEW + TUCSON_2018)
    response = client.post(
        NEW + TUCSON_2018,
        {"purpose": "CONGRESS", "recipient": "Senate appropriations hearing"},
    )

    assert page.status_code == 200
    assert "Tucson Sector" in page.content.decode()
    release = ReleaseRequest.objects.get()
    assert response["Location"] == f"/reporting/releases/{release.pk}/"
    assert (release.report, release.state, release.requested_by) == (
        "aor_summary",
        "PENDING",
        tucson_analyst,
    )
    assert release.parameters == {
        "area": "TCA",
        "station": "",
        "first_year": 2018,
        "last_year": 2018,
    }
    assert release.document is None
    [requested] = kinds(AuditEvent.Kind.RELEASE_REQUESTED)
    assert (requested["release"], requested["purpose"]) == (release.pk, "CONGRESS")


def test_a_report_shown_as_its_page_first_opens_is_released_as_shown(
    client, tucson_2018, tucson_analyst
):
    # The summary's page with nothing chosen shows the analyst's sector in
    # the latest fiscal year the snapshot holds; its release link says no more.
    client.force_login(tucson_analyst)

    page = client.get(NEW + "report=aor_summary")
    client.post(
        NEW + "report=aor_summary",
        {"purpose": "PUBLIC", "recipient": "A newspaper's information request"},
    )

    assert page.status_code == 200
    assert "Tucson Sector" in page.content.decode()
    release = ReleaseRequest.objects.get()
    assert release.parameters["area"] == "TCA"
    assert (release.parameters["first_year"], release.parameters["last_year"]) == (
        2018,
        2018,
    )


def test_a_request_without_a_recipient_is_refused_and_kept(
    client, tucson_2018, tucson_analyst
):
    client.force_login(tucson_analyst)

    response = client.post(NEW + TUCSON_2018, {"purpose": "PUBLIC", "recipient": ""})

    assert response.status_code == 400
    assert 'value="PUBLIC" selected' in response.content.decode()
    assert not ReleaseRequest.objects.exists()


def test_a_sector_analyst_cannot_ask_to_release_another_sector(
    client, tucson_2018, tucson_analyst
):
    client.force_login(tucson_analyst)
    el_paso = TUCSON_2018.replace("TCA", "EPT")

    response = client.post(
        NEW + el_paso, {"purpose": "PUBLIC", "recipient": "A newspaper"}
    )

    assert response.status_code == 403
    assert not ReleaseRequest.objects.exists()


def test_an_approver_issues_the_pdf_marked_as_chosen(
    client, asked, approver, tucson_analyst
):
    client.force_login(approver)
    response = client.post(
        f"/reporting/releases/{asked.pk}/approve/", {"marking": "PUBLIC"}
    )

    asked.refresh_from_db()
    assert response.status_code == 302
    assert (asked.state, asked.decided_by, asked.marking) == (
        "APPROVED",
        approver,
        "PUBLIC",
    )
    text = text_of(bytes(asked.document))
    assert "AOR summary: Tucson Sector" in text and "52,172" in text
    assert text.count("Approved for public release") >= 2
    assert "For Official Use Only" not in text

    # The requester downloads the very same document again, and it is audited.
    client.force_login(tucson_analyst)
    download = client.get(f"/reporting/releases/{asked.pk}/pdf/")
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(asked.document)
    [decided] = kinds(AuditEvent.Kind.RELEASE_DECIDED)
    assert (decided["state"], decided["marking"]) == ("APPROVED", "PUBLIC")
    [exported] = kinds(AuditEvent.Kind.EXPORTED)
    assert (exported["release"], exported["form"]) == (asked.pk, "pdf")


def test_for_official_use_only_is_the_marking_offered_first(client, asked, approver):
    client.force_login(approver)
    page = client.get(f"/reporting/releases/{asked.pk}/").content.decode()
    client.post(f"/reporting/releases/{asked.pk}/approve/", {"marking": "FOUO"})

    asked.refresh_from_db()
    assert 'value="FOUO" selected' in page
    assert text_of(bytes(asked.document)).count("For Official Use Only") >= 2


def test_no_csv_is_offered_for_a_release(client, asked, approver):
    client.force_login(approver)
    client.post(f"/reporting/releases/{asked.pk}/approve/", {"marking": "FOUO"})

    page = client.get(f"/reporting/releases/{asked.pk}/").content.decode()

    assert f"/reporting/releases/{asked.pk}/pdf/" in page
    assert ".csv" not in page and "CSV" not in page


def test_a_refusal_needs_a_reason(client, asked, approver):
    client.force_login(approver)

    empty = client.post(f"/reporting/releases/{asked.pk}/refuse/", {"reason": " "})
    asked.refresh_from_db()
    assert empty.status_code == 400
    assert asked.state == "PENDING"

    client.post(
        f"/reporting/releases/{asked.pk}/refuse/",
        {"reason": "The committee asked for the nation, not one sector."},
    )
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by, asked.document) == (
        "REFUSED",
        approver,
        None,
    )
    assert asked.refusal_reason.startswith("The committee asked")
    assert client.get(f"/reporting/releases/{asked.pk}/pdf/").status_code == 404


def test_the_requester_never_decides_their_own_request(
    client, tucson_2018, tucson_analyst, give
):
    give(tucson_analyst, "reporting", "release_approver", "headquarters")
    client.force_login(tucson_analyst)
    client.post(NEW + TUCSON_2018, {"purpose": "PUBLIC", "recipient": "A newspaper"})
    release = ReleaseRequest.objects.get()

    page = client.get(f"/reporting/releases/{release.pk}/").content.decode()
    approve = client.post(
        f"/reporting/releases/{release.pk}/approve/", {"marking": "FOUO"}
    )

    assert "Approve and issue the PDF" not in page
    assert approve.status_code == 403
    release.refresh_from_db()
    assert release.state == "PENDING"


def test_a_decided_request_is_not_decided_again(client, asked, approver):
    client.force_login(approver)
    client.post(f"/reporting/releases/{asked.pk}/approve/", {"marking": "FOUO"})

    again = client.post(
        f"/reporting/releases/{asked.pk}/refuse/", {"reason": "Second thoughts."}
    )

    asked.refresh_from_db()
    assert again.status_code == 400
    assert "already decided" in again.content.decode()
    assert (asked.state, asked.refusal_reason) == ("APPROVED", "")


def test_only_the_requester_and_approvers_see_a_release(client, asked, make_user, give):
    other = make_user("otheranalyst", home="headquarters")
    give(other, "reporting", "analyst", "headquarters")
    client.force_login(other)

    assert client.get(f"/reporting/releases/{asked.pk}/").status_code == 403
    assert (
        client.post(
            f"/reporting/releases/{asked.pk}/approve/", {"marking": "FOUO"}
        ).status_code
        == 403
    )
    assert asked.pk not in [
        r.pk for r in client.get("/reporting/releases/").context["releases"]
    ]


def test_releases_are_kept_as_enforcement_records(asked, approver):
    rule = next(r for r in retention.rules() if r.code == "reporting.releases")
    assert sorted(source.period.years for source in rule.sources) == [20, 75]

    # Pending: never due, however old.
    assert list(rule.due(date(9999, 1, 1))) == []
    ReleaseRequest.objects.filter(pk=asked.pk).update(
        state="REFUSED",
        refusal_reason="Not for release.",
        decided_by=approver,
        decided_at=timezone.now() - timedelta(days=3),
    )
    today = timezone.localdate()
    assert list(rule.due(today)) == [asked]
    assert list(rule.due(today - timedelta(days=3))) == []


def test_a_reports_page_leads_to_the_request_with_its_parameters(
    client, tucson_2018, tucson_analyst
):
    client.force_login(tucson_analyst)
    query = "area=TCA&station=&first_year=2018&last_year=2018"

    page = client.get(f"/reporting/gpra/zones/?{query}").content.decode()
    asked = client.post(
        NEW + f"report=gpra_zones&{query}",
        {"purpose": "INFO_REQUEST", "recipient": "Request 2026-0042"},
    )

    link = (
        f"/reporting/releases/new/?report=gpra_zones&amp;{query.replace('&', '&amp;')}"
    )
    assert link in page
    assert asked.status_code == 302
    listed = client.get("/reporting/releases/").content.decode()
    assert "GPRA zone report" in listed and "Tucson Sector, FY 2018" in listed
