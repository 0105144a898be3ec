"""Today at a unit is the date on its own clock, not the UTC date: in the US
evening the UTC date is already tomorrow."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from bpets import clock
from security import services
from security.forms import GrantForm
from security.services import GrantRefused

# 20:00 on 4 December at Nogales (Arizona, UTC-7, no daylight saving);
# 22:00 on 4 December in El Paso (UTC-6 in winter).
EVENING = datetime(2026, 12, 5, 3, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: EVENING)


def test_a_station_reads_its_own_zone(units, evening):
    assert clock.today_at(units["nogales"]) == date(2026, 12, 4)
    assert clock.today_at(None) == date(2026, 12, 5)


def test_a_unit_without_a_zone_takes_its_parents(units, evening):
    sector = units["el_paso"]
    sector.time_zone = ""
    sector.parent.time_zone = "America/Chicago"

    assert clock.zone_at(sector).key == "America/Chicago"
    assert clock.today_at(sector) == date(2026, 12, 4)
    sector.parent.time_zone = ""
    assert clock.today_at(sector) == date(2026, 12, 5)


def test_the_grant_form_offers_the_grantors_today(sector_admin, evening):
    form = GrantForm(grantor=sector_admin)

    assert form.initial["starts_on"] == date(2026, 12, 4)


def grant(sector_admin, make_user, units, starts_on):
    return services.grant_role(
        grantor=sector_admin,
        user=make_user("agent1"),
        module="vehicles",
        role="viewer",
        unit=units["nogales"],
        reason="Needs to see the fleet.",
        starts_on=starts_on,
    )


def test_a_grant_from_the_stations_today_is_not_in_the_past(
    sector_admin, make_user, units, evening
):
    assert grant(sector_admin, make_user, units, date(2026, 12, 4)).starts_on == date(
        2026, 12, 4
    )


def test_a_grant_from_the_stations_yesterday_is(
    sector_admin, make_user, units, evening
):
    with pytest.raises(GrantRefused, match="cannot start in the past"):
        grant(sector_admin, make_user, units, date(2026, 12, 3))


def test_a_grant_without_a_date_starts_on_the_stations_today(
    sector_admin, make_user, units, evening
):
    assert grant(sector_admin, make_user, units, None).starts_on == date(2026, 12, 4)
