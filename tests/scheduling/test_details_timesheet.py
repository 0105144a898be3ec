"""Who may see a detailed person's timesheet through the detail: the
gaining station's timesheet supervisors and timekeepers, for the detail's
days only, for employees and never contractors."""

from datetime import date

import pytest

from scheduling import details
from scheduling.policies import timesheet_days_visible_through_details

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))
DETAIL_DAYS = {date(2026, 1, day) for day in (17, 18, 19, 20)}


@pytest.fixture
def keeper(make_user, give):
    user = make_user("ajokeeper", home="ajo")
    give(user, "timesheet", "timekeeper", "ajo")
    return user


def visible(user, employee, first=JANUARY[0], last=JANUARY[1]):
    return timesheet_days_visible_through_details(user, employee, first, last)


def test_the_gaining_timekeeper_sees_an_employee_on_the_details_days(
    people, keeper, detail_of
):
    detail_of(people["subject"])
    assert visible(keeper, people["subject"]) == DETAIL_DAYS
    # Only within the days asked about.
    assert visible(keeper, people["subject"], date(2026, 1, 19), date(2026, 1, 25)) == {
        date(2026, 1, 19),
        date(2026, 1, 20),
    }
    assert visible(keeper, people["subject"], date(2026, 1, 21), date(2026, 1, 31)) == (
        set()
    )


def test_a_timesheet_supervisor_over_the_sector_sees_them_too(
    people, make_user, give, detail_of
):
    sector = make_user("sectorts", home="tucson")
    give(sector, "timesheet", "supervisor", "tucson")
    detail_of(people["subject"])
    assert visible(sector, people["subject"]) == DETAIL_DAYS


def test_never_a_contractor(people, keeper, detail_of):
    contractor = people["subject"]
    contractor.employment_type = "CONTRACTOR"
    contractor.save(update_fields=["employment_type"])
    detail_of(contractor)
    assert visible(keeper, contractor) == set()


def test_nobody_without_a_timesheet_role_at_the_gaining_station(
    people, give, make_user, ajo_supervisor, detail_of
):
    detail_of(people["subject"])
    home_keeper = make_user("nglkeeper")
    give(home_keeper, "timesheet", "timekeeper", "nogales")
    far_keeper = make_user("yslkeeper", home="ysleta")
    give(far_keeper, "timesheet", "timekeeper", "ysleta")
    self_service = make_user("ajoself", home="ajo")
    give(self_service, "timesheet", "self_service", "ajo")
    for user in (ajo_supervisor, home_keeper, far_keeper, self_service):
        assert visible(user, people["subject"]) == set(), user.username


def test_it_ends_when_the_detail_is_cut_short(people, keeper, supervisor, detail_of):
    detail = detail_of(people["subject"])
    details.cut_short(
        actor=supervisor, detail=detail, last_day=date(2026, 1, 18), reason="Back"
    )
    assert visible(keeper, people["subject"]) == {date(2026, 1, 17), date(2026, 1, 18)}


def test_and_when_it_is_cancelled(people, keeper, supervisor, detail_of):
    detail = detail_of(people["subject"])
    details.cancel(actor=supervisor, detail=detail, reason="Not needed")
    assert visible(keeper, people["subject"]) == set()


def test_a_proposed_detail_opens_nothing(people, keeper, supervisor, units):
    details.propose(
        actor=supervisor,
        employee=people["subject"],
        gaining_station=units["ajo"],
        first_day=date(2026, 1, 17),
        last_day=date(2026, 1, 20),
        purpose="Checkpoint staffing",
    )
    assert visible(keeper, people["subject"]) == set()
