import csv
import shutil
import zoneinfo
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from security import organization_data, services
from security.models import OrganizationUnit

Kind = OrganizationUnit.Kind
Status = OrganizationUnit.Status

# 1 headquarters + 21 sectors (Livermore closed) + 135 stations.
UNIT_COUNT = 157


@pytest.fixture(autouse=True)
def start_without_a_tree(no_organization):
    """Each test here loads the tree itself, from nothing."""


@pytest.fixture
def data_copy(tmp_path):
    """Copies of the shipped lists that a test may edit."""
    sectors = tmp_path / "sectors.csv"
    stations = tmp_path / "stations.csv"
    shutil.copy(organization_data.SECTORS_FILE, sectors)
    shutil.copy(organization_data.STATIONS_FILE, stations)
    return sectors, stations


def rewrite_stations(path, change):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.django_db
class TestFirstLoad:
    def test_it_loads_twenty_active_sectors_and_closed_livermore(self):
        services.load_organization()

        sectors = OrganizationUnit.objects.filter(kind=Kind.SECTOR)
        assert sectors.filter(status=Status.ACTIVE).count() == 20
        livermore = sectors.get(name="Livermore")
        assert livermore.status == Status.CLOSED
        assert livermore.code == ""
        assert sectors.count() == 21

    def test_it_loads_135_stations_under_headquarters(self):
        report = services.load_organization()

        assert OrganizationUnit.objects.filter(kind=Kind.STATION).count() == 135
        assert len(report.added) == UNIT_COUNT
        headquarters = OrganizationUnit.objects.get(kind=Kind.HEADQUARTERS)
        assert headquarters.parent is None
        assert set(
            OrganizationUnit.objects.filter(kind=Kind.SECTOR).values_list(
                "parent", flat=True
            )
        ) == {headquarters.pk}

    def test_each_sector_has_the_stations_the_file_lists(self):
        services.load_organization()

        with open(organization_data.STATIONS_FILE, encoding="utf-8") as handle:
            in_file = Counter(row["sector_code"] for row in csv.DictReader(handle))
        loaded = Counter(
            OrganizationUnit.objects.filter(kind=Kind.STATION).values_list(
                "parent__code", flat=True
            )
        )
        assert loaded == in_file
        # A few counted by hand from the source note's table.
        assert loaded["EPT"] == 11
        assert loaded["DRT"] == 10
        assert loaded["TCA"] == 9
        assert loaded["RMY"] == 1

    def test_every_station_has_a_valid_time_zone(self):
        services.load_organization()

        zones = set(
            OrganizationUnit.objects.filter(kind=Kind.STATION).values_list(
                "time_zone", flat=True
            )
        )
        assert zones <= zoneinfo.available_timezones()
        # Arizona keeps standard time all year; El Paso is on Mountain time.
        arizona = OrganizationUnit.objects.filter(kind=Kind.STATION, state="AZ")
        assert set(arizona.values_list("time_zone", flat=True)) == {"America/Phoenix"}
        el_paso = OrganizationUnit.objects.get(parent__code="EPT", name="El Paso")
        assert el_paso.time_zone == "America/Denver"

    def test_sectors_take_the_zone_most_of_their_stations_keep(self):
        services.load_organization()

        # Big Bend: six stations on Central time, Van Horn and Sierra Blanca
        # on Mountain time.
        big_bend = OrganizationUnit.objects.get(kind=Kind.SECTOR, code="BBT")
        assert (big_bend.state, big_bend.time_zone) == ("TX", "America/Chicago")
        detroit = OrganizationUnit.objects.get(kind=Kind.SECTOR, code="DTM")
        assert detroit.time_zone == "America/Detroit"
        livermore = OrganizationUnit.objects.get(kind=Kind.SECTOR, name="Livermore")
        assert livermore.time_zone == ""

    def test_closed_and_unverified_stations_keep_the_source_words(self):
        services.load_organization()

        lubbock = OrganizationUnit.objects.get(parent__code="BBT", name="Lubbock")
        assert lubbock.status == Status.CLOSED
        assert lubbock.status_note == "closed c.2013 (deactivation announced 2012-07)"
        dallas = OrganizationUnit.objects.get(parent__code="LRT", name="Dallas")
        assert dallas.status == Status.UNVERIFIED
        nogales = OrganizationUnit.objects.get(parent__code="TCA", name="Nogales")
        assert (nogales.status, nogales.status_note) == (Status.ACTIVE, "")


@pytest.mark.django_db
class TestLoadingAgain:
    def test_it_changes_nothing_the_second_time(self):
        services.load_organization()
        history_rows = OrganizationUnit.history.count()

        report = services.load_organization()

        assert report.added == []
        assert report.changed == []
        assert report.unchanged == UNIT_COUNT
        assert OrganizationUnit.objects.count() == UNIT_COUNT
        assert OrganizationUnit.history.count() == history_rows

    def test_it_reports_and_applies_what_changed(self, data_copy):
        sectors, stations = data_copy
        services.load_organization(sectors, stations)

        def close_campo(rows):
            for row in rows:
                if row["station_name"] == "Campo":
                    row["status"] = "closed 2026"
            return rows

        rewrite_stations(stations, close_campo)
        report = services.load_organization(sectors, stations)

        assert report.changed == [
            "Campo Station (San Diego Sector): status, status_note"
        ]
        campo = OrganizationUnit.objects.get(name="Campo")
        assert (campo.status, campo.status_note) == (Status.CLOSED, "closed 2026")
        assert campo.history.first().history_change_reason == (
            "Updated from the published organization list"
        )

    def test_a_station_dropped_from_the_file_stays_and_is_reported(self, data_copy):
        sectors, stations = data_copy
        services.load_organization(sectors, stations)

        rewrite_stations(
            stations, lambda rows: [r for r in rows if r["station_name"] != "Ajo"]
        )
        report = services.load_organization(sectors, stations)

        assert report.not_in_file == ["Ajo Station (Tucson Sector)"]
        assert OrganizationUnit.objects.filter(name="Ajo").exists()


@pytest.mark.django_db
class TestBadFiles:
    def test_a_bad_file_is_reported_whole_and_loads_nothing(self, data_copy):
        sectors, stations = data_copy

        def spoil(rows):
            rows[0]["sector_code"] = "XXX"
            rows[1]["time_zone"] = "America/Nowhere"
            return rows

        rewrite_stations(stations, spoil)
        with pytest.raises(organization_data.OrganizationDataError) as raised:
            services.load_organization(sectors, stations)

        assert raised.value.problems == [
            "stations.csv line 2: no sector has the code 'XXX'",
            "stations.csv line 3: 'America/Nowhere' is not an IANA time zone",
        ]
        assert OrganizationUnit.objects.count() == 0

    def test_a_bad_file_leaves_a_loaded_tree_as_it_was(self, data_copy):
        sectors, stations = data_copy
        services.load_organization(sectors, stations)
        before = list(OrganizationUnit.objects.values().order_by("pk"))

        def spoil(rows):
            rows[0]["status"] = "closed"
            rows[5]["station_name"] = ""
            return rows

        rewrite_stations(stations, spoil)
        with pytest.raises(organization_data.OrganizationDataError):
            services.load_organization(sectors, stations)

        assert list(OrganizationUnit.objects.values().order_by("pk")) == before

    def test_the_command_says_what_is_wrong(self, data_copy):
        sectors, stations = data_copy
        rewrite_stations(stations, lambda rows: [{**rows[0], "time_zone": "Mars"}])

        with pytest.raises(CommandError) as raised:
            call_command("load_organization", sectors=sectors, stations=stations)

        assert "Nothing was loaded" in str(raised.value)
        assert "stations.csv line 2: 'Mars' is not an IANA time zone" in str(
            raised.value
        )

    def test_a_missing_column_is_reported(self, data_copy):
        sectors, stations = data_copy
        sectors.write_text("sector_name,status\nSan Diego,active\n")

        with pytest.raises(organization_data.OrganizationDataError) as raised:
            services.load_organization(sectors, stations)

        assert raised.value.problems[0].startswith("sectors.csv: missing columns ")


class TestStatusWords:
    @pytest.mark.parametrize(
        ("words", "expected"),
        [
            ("active", ("ACTIVE", "")),
            (
                "active (last confirmed 2015)",
                ("ACTIVE", "active (last confirmed 2015)"),
            ),
            ("closed after FY2004", ("CLOSED", "closed after FY2004")),
            (
                "not listed after 2007 (status unverified)",
                ("UNVERIFIED", "not listed after 2007 (status unverified)"),
            ),
        ],
    )
    def test_it_reads_the_published_status(self, words, expected):
        assert organization_data.parse_status(words) == expected


@pytest.mark.django_db
def test_the_command_reports_counts(capsys):
    from io import StringIO

    out = StringIO()
    call_command("load_organization", stdout=out)
    call_command("load_organization", stdout=out)

    lines = out.getvalue().splitlines()
    assert f"Organization: {UNIT_COUNT} added, 0 changed, 0 unchanged." in lines
    assert f"Organization: 0 added, 0 changed, {UNIT_COUNT} unchanged." in lines
