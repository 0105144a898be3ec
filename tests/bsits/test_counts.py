"""Counts of deaths and rescues, for this module and for reporting, with
no subject data in them."""

import dataclasses
from datetime import date, time

import pytest
from django.urls import reverse

from bsits import services, statistics
from tests.bsits.conftest import SUBJECT

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(record, far_editor, editor):
    """Nogales: a rescue on 30 Sep 2025 late, a death on 1 Oct 2025 early,
    a rescue in Nov 2025; Ysleta (El Paso): a rescue in Oct 2025."""
    made = [
        record(day=date(2025, 9, 30), clock=time(23, 30)),
        record(
            day=date(2025, 10, 1),
            clock=time(0, 10),
            event_type="DEATH",
            circumstance="DROWNING",
        ),
        record(day=date(2025, 11, 15)),
        record(day=date(2025, 10, 20), station="ysleta", actor=far_editor),
    ]
    services.add_subject(actor=editor, event=made[0], fields=SUBJECT)
    return made


def rows(by, **filters):
    return [
        (row.label, row.deaths, row.rescues, row.total)
        for row in statistics.event_counts(by=by, **filters)
    ]


def test_by_fiscal_year_the_year_turns_on_the_first_of_october(events):
    assert rows("fiscal_year") == [("FY 2025", 0, 1, 1), ("FY 2026", 1, 2, 3)]


def test_by_sector_station_month_and_circumstance(events):
    assert rows("sector") == [("El Paso", 0, 1, 1), ("Tucson", 1, 2, 3)]
    assert rows("station") == [("Nogales", 1, 2, 3), ("Ysleta", 0, 1, 1)]
    assert rows("month") == [
        ("2025-09", 0, 1, 1),
        ("2025-10", 1, 1, 2),
        ("2025-11", 0, 1, 1),
    ]
    assert rows("circumstance") == [
        ("Drowning or water distress", 1, 0, 1),
        ("Heat exposure", 0, 3, 3),
    ]


def test_a_fiscal_year_and_a_sector_narrow_the_counts(events, units):
    assert rows("station", fiscal_year=2026, sector_id=units["tucson"].pk) == [
        ("Nogales", 1, 1, 2)
    ]


def test_a_row_holds_a_group_and_its_numbers_only(events):
    fields = {field.name for field in dataclasses.fields(statistics.CountRow)}

    assert fields == {"key", "label", "deaths", "rescues"}
    for by in statistics.GROUPINGS:
        for row in statistics.event_counts(by=by):
            assert "Zqsubject" not in repr(row)


def test_the_counts_page_is_open_to_reporting_analysts(events, make_user, give, client):
    analyst = make_user("hqanalyst", home="headquarters")
    give(analyst, "reporting", "analyst", "headquarters")
    client.force_login(analyst)

    response = client.get(reverse("bsits:counts"), {"fiscal_year": "2026"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "FY 2026" in page
    assert "Zqsubject" not in page
