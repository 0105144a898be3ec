"""Set-up shared by the timesheet tests: PP 1/2026 at Nogales (Arizona,
UTC-7 all year), its G-259 finalized by the first-line supervisor, and the
timesheets made from it."""

from datetime import date

import pytest
from django.utils import timezone

from scheduling import leave_cells
from scheduling.models import LeaveRequest, RequestStatus
from tests.scheduling.conftest import (  # noqa: F401 (fixtures used by name)
    ajo_days,
    ajo_supervisor,
    build,
    detail_of,
    finalized,
    first_pay_period_2026,
    set_default,
    supervisor,
    templates,
    zones,
)
from tests.vehicles.conftest import fleet_admin, vehicle_at  # noqa: F401
from timesheet import initialization
from timesheet.models import Timesheet


@pytest.fixture
def subject(people):
    return people["subject"]


@pytest.fixture
def approve_leave(supervisor):  # noqa: F811
    """Approved leave for ``employee``, written into the G-259 cells as an
    approval in scheduling does."""

    def approve(employee, leave_type, first, last, hours):
        leave = LeaveRequest.objects.create(
            employee=employee,
            leave_type=leave_type,
            first_day=first,
            last_day=last,
            hours=hours,
            requested_by=employee.user,
            status=RequestStatus.APPROVED,
            decided_by=supervisor,
            decided_at=timezone.now(),
        )
        leave_cells.apply(leave, supervisor)
        return leave

    return approve


@pytest.fixture
def timesheet(finalized, subject, units):  # noqa: F811
    """The subject's timesheet of PP 1/2026, made from the finalized G-259."""
    initialization.initialize(finalized.pay_period, station=units["nogales"])
    return Timesheet.objects.get(employee=subject, pay_period=finalized.pay_period)


SUNDAY = date(2026, 1, 11)


@pytest.fixture
def keeper(make_user, give):
    """A timekeeper of Nogales, outside the subject's chain."""
    user = make_user("keeper")
    give(user, "timesheet", "timekeeper", "nogales")
    return user


def close_every_shift(sheet, actor):
    """Close each scheduled shift as worked exactly as scheduled."""
    from timesheet import entries

    entries.close_as_scheduled(actor=actor, sheet=sheet)
