"""A snapshot file is checked whole: any problem refuses it, with its line
and column, and nothing changes; a good file is one new version."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from reporting.models import Coverage, ImportRun, SnapshotRow, SnapshotVersion

pytestmark = pytest.mark.django_db

GOOD = (
    "2018,,TCA,,,,apprehensions,52172,people",
    "2018,10,TCA,Nogales,,,apprehensions,1200,people",
    "2018,,TCA,Nogales,Z01,K9-17,canine_assists,14,assists",
    "2018,,SW,,,,heroin,11302,ounces",
    "2018,,USBP,,,,marijuana,461030.25,pounds",
)


def counts() -> tuple[int, int, int]:
    return (
        SnapshotVersion.objects.count(),
        SnapshotRow.objects.count(),
        Coverage.objects.count(),
    )


def test_a_good_file_becomes_one_version_with_its_rows(
    organization, snapshot_file, import_file
):
    run = import_file(snapshot_file(*GOOD))

    assert run.state == ImportRun.State.LOADED
    assert run.content is None  # the bytes are not kept once the run is over
    version = run.version
    assert (version.row_count, version.first_fiscal_year) == (5, 2018)
    rows = {
        (row.month, row.sector_code, row.station, row.zone, row.canine, row.measure_id)
        : row.value
        for row in version.rows.all()
    }  # fmt: skip
    assert rows == {
        (None, "TCA", "", "", "", "apprehensions"): Decimal("52172"),
        (10, "TCA", "Nogales", "", "", "apprehensions"): Decimal("1200"),
        (None, "TCA", "Nogales", "Z01", "K9-17", "canine_assists"): Decimal("14"),
        (None, "SW", "", "", "", "heroin"): Decimal("11302"),
        (None, "USBP", "", "", "", "marijuana"): Decimal("461030.25"),
    }
    # (year, place, measure, monthly): the Nogales canine row shares the
    # sector's annual key with the sector's own row.
    assert set(
        version.coverage.values_list("fiscal_year", "sector_code", "measure", "monthly")
    ) == {
        (2018, "TCA", "apprehensions", False),
        (2018, "TCA", "apprehensions", True),
        (2018, "TCA", "canine_assists", False),
        (2018, "SW", "heroin", False),
        (2018, "USBP", "marijuana", False),
    }


def test_a_bad_file_is_refused_whole_with_its_lines_and_columns(
    organization, snapshot_file, import_file
):
    import_file(snapshot_file(GOOD[0]), name="earlier.csv")
    before = counts()
    content = snapshot_file(
        "2018,,TCA,,,,apprehensions,100,people",  # line 2: fine
        "2018,13,TCA,,,,apprehensions,100,people",  # 3: month
        "2018,,XYZ,,,,apprehensions,100,people",  # 4: sector
        "2018,,TCA,Ysleta,,,apprehensions,100,people",  # 5: El Paso's station
        "2018,,TCA,,,,heroin,12,pounds",  # 6: heroin is in ounces
        "2018,,TCA,,,,apprehensions,12.5,people",  # 7: people are whole
        "2018,,TCA,,,,marijuana,many,pounds",  # 8: not a number
        "2018,,TCA,,,,apprehensions,100,people",  # 9: same key as line 2
        "2018,,TCA,,,,apprehensions,100",  # 10: a column short
        "18,,TCA,,,,apprehensions,100,people",  # 11: not a fiscal year
        "2018,,TCA,,,,sightings,3,people",  # 12: no such measure
        "2018,,TCA,,Z01,,apprehensions,1,people",  # 13: a zone without station
        "2018,,SW,Nogales,,,apprehensions,1,people",  # 14: a region's station
        "2018,,TCA,,,,cocaine,-1,pounds",  # 15: negative
    )

    run = import_file(content)

    assert run.state == ImportRun.State.REFUSED
    found = [(p["line"], p["column"]) for p in run.errors]
    assert found == [
        (3, "month"),
        (4, "sector_code"),
        (5, "station"),
        (6, "unit"),
        (7, "value"),
        (8, "value"),
        (9, ""),
        (10, ""),
        (11, "fiscal_year"),
        (12, "measure"),
        (13, "zone"),
        (14, "station"),
        (15, "value"),
    ]
    assert "as line 2" in run.errors[6]["message"]
    assert "ounces" in run.errors[3]["message"]
    assert counts() == before


def test_line_numbers_count_the_lines_of_the_file_not_its_records(
    organization, snapshot_file, import_file
):
    # A quoted station name over two lines makes record 2 end on line 3.
    content = snapshot_file(
        '2018,,TCA,"Nogales\nStation",,,apprehensions,1,people',
        "2018,,TCA,,,,apprehensions,x,people",
    )

    run = import_file(content)

    assert [(p["line"], p["column"]) for p in run.errors] == [
        (3, "station"),
        (4, "value"),
    ]


def test_the_header_must_be_the_documented_one(organization, import_file):
    content = b"year,sector,measure,value\n2018,TCA,apprehensions,1\n"

    run = import_file(content)

    assert [(p["line"], p["column"]) for p in run.errors] == [(1, "")]
    assert "fiscal_year,month,sector_code" in run.errors[0]["message"]
    assert SnapshotVersion.objects.count() == 0


def test_a_byte_order_mark_is_accepted(organization, snapshot_file, import_file):
    run = import_file(b"\xef\xbb\xbf" + snapshot_file(GOOD[0]))

    assert run.state == ImportRun.State.LOADED


def test_text_that_is_not_utf8_is_refused_at_its_line(
    organization, snapshot_file, import_file
):
    content = snapshot_file(GOOD[0], "2018,,TCA,Nogales,,,rescues,1,people")
    content = content.replace(b"Nogales", "Nogal\u00e9s".encode("cp1252"))

    run = import_file(content)

    assert [(p["line"], p["column"]) for p in run.errors] == [(3, "")]
    assert "UTF-8" in run.errors[0]["message"]


def test_an_empty_file_and_a_header_alone_are_refused(organization, import_file):
    assert import_file(b"").errors[0]["message"] == "The file is empty."
    header_only = import_file(
        b"fiscal_year,month,sector_code,station,zone,canine,measure,value,unit\n"
    )
    assert header_only.errors == [
        {"line": 2, "column": "", "message": "The file has a header and no rows."}
    ]


def test_the_same_file_twice_changes_nothing(organization, snapshot_file, import_file):
    content = snapshot_file(*GOOD)
    first = import_file(content)
    before = counts()

    second = import_file(content, name="renamed.csv")

    assert second.state == ImportRun.State.UNCHANGED
    assert second.version == first.version
    assert counts() == before


def test_a_sector_importer_imports_only_their_sector(
    organization, snapshot_file, import_file, tucson_importer
):
    content = snapshot_file(
        "2018,,TCA,,,,apprehensions,1,people",
        "2018,,EPT,,,,apprehensions,1,people",
        "2018,,USBP,,,,apprehensions,1,people",
    )

    run = import_file(content, user=tucson_importer)

    assert [(p["line"], p["column"]) for p in run.errors] == [
        (3, "sector_code"),
        (4, "sector_code"),
    ]
    assert SnapshotVersion.objects.count() == 0
    assert import_file(snapshot_file(GOOD[0]), user=tucson_importer).state == "LOADED"


def test_the_command_prints_what_it_did(organization, snapshot_file, tmp_path):
    path = tmp_path / "fy2018.csv"
    path.write_bytes(snapshot_file(*GOOD))
    out = io.StringIO()

    call_command("import_snapshot", str(path), stdout=out)
    call_command("import_snapshot", str(path), stdout=out)

    version = SnapshotVersion.objects.get()
    assert out.getvalue().splitlines() == [
        f"Imported fy2018.csv as snapshot version {version.pk}: 5 rows, "
        "fiscal years 2018-2018.",
        f"fy2018.csv is already snapshot version {version.pk}; nothing changed.",
    ]


def test_the_command_fails_on_a_refused_file(organization, snapshot_file, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(snapshot_file(GOOD[0], "2018,,TCA,,,,apprehensions,1,dogs"))
    errors = io.StringIO()

    with pytest.raises(CommandError, match="Refused bad.csv: nothing was imported"):
        call_command("import_snapshot", str(path), stderr=errors)

    assert errors.getvalue().splitlines() == [
        "line 3, unit: apprehensions is counted in people, not 'dogs'."
    ]
    assert SnapshotVersion.objects.count() == 0


def test_the_example_file_the_readme_shows_imports(organization, import_file):
    from pathlib import Path

    from reporting import snapshot_file

    root = Path(__file__).resolve().parents[2]
    example = root / "reporting" / "examples" / "snapshot-example.csv"
    readme = (root / "README.md").read_text()

    run = import_file(example.read_bytes(), name=example.name)

    assert (run.state, run.version.row_count) == ("LOADED", 10)
    assert "    " + ",".join(snapshot_file.COLUMNS) + "\n" in readme
    for line in example.read_text().splitlines()[:2]:
        assert line + "\n" in readme
