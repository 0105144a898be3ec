"""Analysts over headquarters read every area; over a sector, that sector
only: another is refused and the refusal audited."""

import pytest

from security.models import AuditEvent

pytestmark = pytest.mark.django_db

SUMMARY = "/reporting/aor-summary/"
EXPORTS = ("/reporting/aor-summary.csv", "/reporting/aor-summary.pdf")


def query(area, first=2018, last=2018):
    return f"?area={area}&station=&first_year={first}&last_year={last}"


def denied_count(user) -> int:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.DENIED, actor_id=user.pk
    ).count()


def test_a_headquarters_analyst_reads_the_nation_a_region_and_a_sector(
    client, published, hq_analyst
):
    client.force_login(hq_analyst)

    for area in ("USBP", "NB", "EPT"):
        response = client.get(SUMMARY + query(area))
        assert response.status_code == 200, area
    page = client.get(SUMMARY + query("USBP")).content.decode()
    assert "Nationwide: as published" in page
    assert "19,555" in page and "18,791" in page


def test_a_sector_analyst_starts_on_their_sector(client, published, tucson_analyst):
    client.force_login(tucson_analyst)

    response = client.get(SUMMARY)

    assert response.status_code == 200
    assert response.context["summary"].area.code == "TCA"


@pytest.mark.parametrize("url", [SUMMARY, *EXPORTS])
@pytest.mark.parametrize("area", ["EPT", "SW", "USBP"])
def test_a_sector_analyst_cannot_read_another_area(
    client, published, tucson_analyst, url, area
):
    client.force_login(tucson_analyst)

    response = client.get(url + query(area))

    assert response.status_code == 403
    assert denied_count(tucson_analyst) == 1
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).exists()


def test_a_sector_analyst_reads_their_sector_and_its_stations(
    client, published, tucson_analyst, snapshot_file, import_file
):
    import_file(snapshot_file("2018,,TCA,Nogales,,,apprehensions,1500,people"))
    client.force_login(tucson_analyst)

    sector = client.get(SUMMARY + query("TCA"))
    station = client.get(
        SUMMARY + "?area=TCA&station=Nogales&first_year=2018&last_year=2018"
    )

    assert sector.status_code == 200
    assert station.status_code == 200
    assert station.context["summary"].lines[0].get("apprehensions") == 1500
    assert denied_count(tucson_analyst) == 0


def test_people_without_an_analyst_role_are_refused(client, published, make_user):
    client.force_login(make_user("plainagent"))

    assert client.get(SUMMARY).status_code == 403
    assert client.get("/reporting/snapshot/imports/").status_code == 403
    assert client.get("/reporting/snapshot/versions/").status_code == 403


def test_exports_are_audited_with_their_area_and_years(client, published, hq_analyst):
    client.force_login(hq_analyst)

    csv_response = client.get(EXPORTS[0] + query("TCA", 2011, 2018))
    pdf_response = client.get(EXPORTS[1] + query("TCA", 2018, 2018))

    assert csv_response["Content-Type"].startswith("text/csv")
    assert pdf_response["Content-Type"] == "application/pdf"
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).order_by("pk")
    assert [
        (
            e.details["form"],
            e.details["area"],
            e.details["fiscal_years"],
            e.details["rows"],
        )
        for e in events
    ] == [("csv", "TCA", [2011, 2018], 8), ("pdf", "TCA", [2018, 2018], 1)]


def test_the_csv_holds_the_pages_numbers(client, published, hq_analyst):
    client.force_login(hq_analyst)

    text = client.get(EXPORTS[0] + query("SW")).content.decode()

    lines = text.splitlines()
    assert lines[0].startswith("Fiscal year,Area code,Area,Line,Apprehensions")
    # Tucson FY2018: 52,172 apprehensions, 3,681 agents (14.2 per agent).
    assert "2018,TCA,Tucson Sector,,52172,3681,14.2,134084,62,,58,923," in text
    assert any(
        line.startswith(
            "2018,SW,Southwest border: as published,As published,396579,16608,"
        )
        for line in lines
    )
    assert lines[1].endswith("not reported,not reported")


def test_a_range_of_years_is_refused_when_backwards(client, published, hq_analyst):
    client.force_login(hq_analyst)

    response = client.get(SUMMARY + query("TCA", 2018, 2011))

    assert response.status_code == 400
    assert "The first year comes after the last." in response.content.decode()


def test_an_analyst_is_shown_the_way_to_the_bsits_counts(
    client, hq_analyst, tucson_importer
):
    client.force_login(hq_analyst)
    landing = client.get("/reporting/").content.decode()
    counts = client.get("/bsits/counts/")

    assert 'href="/bsits/counts/"' in landing
    assert counts.status_code == 200

    # An importer who is no analyst reads no counts, and is not sent there.
    client.force_login(tucson_importer)
    assert 'href="/bsits/counts/"' not in client.get("/reporting/").content.decode()
    assert client.get("/bsits/counts/").status_code == 403


def test_a_sector_analyst_is_offered_only_their_own_sector(
    client, published, tucson_analyst, hq_analyst
):
    client.force_login(tucson_analyst)
    offered = client.get(SUMMARY).context["form"].fields["area"].widget.choices

    assert offered == [("TCA", "Tucson Sector")]

    client.force_login(hq_analyst)
    offered = client.get(SUMMARY).context["form"].fields["area"].widget.choices
    # The nation, three regions and the twenty sectors of the organization.
    assert [key for key, _ in offered[:2]] == ["USBP", "SW"]
    assert len(offered) == 24
