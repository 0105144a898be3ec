"""CSV exports never hand a spreadsheet a formula: text that starts like
one gets an apostrophe, numbers stay numbers, and every export writes
through the one writer that does this."""

import io
import re
from pathlib import Path

import pytest

from bpets import spreadsheet

ROOT = Path(__file__).resolve().parent.parent
# Two write import formats, files read by our own importers rather than
# opened by a person: the snapshot loader (from the published tables) and
# the payroll extract's example and demo file.
OTHER_WRITERS = {
    "bpets/spreadsheet.py",
    "reporting/loaders.py",
    "timesheet/payroll_extract_file.py",
}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("http://127.0.0.1:9/x","Open")',
            '\'=HYPERLINK("http://127.0.0.1:9/x","Open")',
        ),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-110.93450", "-110.93450"),
        ("+5", "+5"),
        ("Operation Dry Creek", "Operation Dry Creek"),
        ("", ""),
        (-7, -7),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(value, written):
    assert spreadsheet.as_text(value) == written


def test_the_writer_writes_every_cell_through_it():
    output = io.StringIO()

    spreadsheet.writer(output).writerow(["=1+1", "-3", "plain"])

    assert output.getvalue() == "'=1+1,-3,plain\r\n"


def test_every_export_writes_through_the_safe_writer():
    # The project's own packages: the top-level folders that are packages
    # (not the environment's, nor tools installed under var/).
    packages = [init.parent for init in ROOT.glob("*/__init__.py")]
    direct = [
        str(path.relative_to(ROOT))
        for package in packages
        if package.name != "tests"
        for path in package.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]

    assert "bpets" in {package.name for package in packages}
    assert set(direct) <= OTHER_WRITERS, direct
