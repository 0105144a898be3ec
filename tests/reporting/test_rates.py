"""The interdiction effectiveness rate and the assists, on a hand-made
snapshot: computed where the snapshot holds their inputs, "not reported"
elsewhere."""

from decimal import Decimal

import pytest

from reporting import aor, areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_snapshot(organization, snapshot_file, import_file):
    run = import_file(
        snapshot_file(
            "2020,,TCA,,,,apprehensions,800,people",
            "2020,,TCA,,,,turn_backs,100,people",
            "2020,,TCA,,,,got_aways,100,people",
            "2020,,TCA,,,,agents,400,agents",
            "2020,,TCA,Nogales,,K9-4,canine_assists,30,assists",
            "2020,,TCA,Ajo,,K9-9,canine_assists,12,assists",
            "2020,,TCA,,,,enforcement_assists,8,assists",
            "2020,,YUM,,,,apprehensions,300,people",
            "2020,,YUM,,,,got_aways,200,people",
            "2020,,YUM,,,,agents,0,agents",
        )
    )
    assert run.state == "LOADED", run.errors


def line_of(code: str, kind="place"):
    places = areas.places()
    summary = aor.summary(places, aor.area_of(places, "SW"), 2020, 2020)
    return next(
        line for line in summary.lines if line.code == code and line.kind == kind
    )


def test_the_rate_where_apprehensions_turn_backs_and_got_aways_are_held(
    fixture_snapshot,
):
    tucson = line_of("TCA")

    # (800 + 100) / (800 + 100 + 100) = 90.0 %
    assert tucson.effectiveness == Decimal("90.0")
    assert tucson.per_agent == Decimal("2.0")
    # Canine assists from two stations' canines (30 + 12) and 8 others.
    assert tucson.assists == Decimal("50")


def test_not_reported_where_an_input_is_missing(fixture_snapshot):
    yuma = line_of("YUM")

    assert yuma.effectiveness is None  # no turn-backs held
    assert yuma.assists is None
    assert yuma.per_agent is None  # no agents to divide by
    assert line_of("SDC").effectiveness is None


def test_the_sum_of_sectors_rates_only_the_sectors_holding_every_input(
    fixture_snapshot,
):
    southwest = line_of("SW", "sum")

    # Yuma holds no turn-backs, so the region's rate is Tucson's alone
    # (adding Yuma's got-aways without its turn-backs would make 80.0 %).
    assert southwest.effectiveness == Decimal("90.0")
    assert southwest.get("apprehensions") == Decimal("1100")
    assert southwest.assists == Decimal("50")
    assert line_of("SW", "published").effectiveness is None
