"""Who may see and do what with a timesheet.

The employee keeps their own; the supervisors above them in the chain of
command see it and certify it (and alone may charge absence without
leave); the timekeepers of the employee's station see and validate it;
personnel over the station see it. Supervisors and timekeepers of a
station an employee was detailed to see the days of the detail only
(scheduling's policy says which, and never a contractor's).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from scheduling import policies as scheduling_policies
from security import policies as security_policies
from staffing import policies as staffing_policies
from staffing import privacy
from timesheet.codes import rules_of
from timesheet.models import Timesheet


@dataclass(frozen=True)
class Standing:
    """How a user stands to one timesheet."""

    is_self: bool = False
    is_chain_supervisor: bool = False
    is_timekeeper: bool = False
    is_personnel: bool = False
    # Days seen through a detail, when nothing above opens the whole period.
    detail_days: frozenset[date] = frozenset()

    @property
    def sees_whole_period(self) -> bool:
        return (
            self.is_self
            or self.is_chain_supervisor
            or self.is_timekeeper
            or self.is_personnel
        )

    @property
    def sees_anything(self) -> bool:
        return self.sees_whole_period or bool(self.detail_days)


def standing(user, sheet: Timesheet) -> Standing:
    """Worked out once per timesheet and request."""
    cache = user.__dict__.setdefault("_bpets_timesheet_standing", {})
    key = (sheet.pk, sheet.employee_id)
    if key not in cache:
        cache[key] = _standing(user, sheet)
    return cache[key]


def _standing(user, sheet: Timesheet) -> Standing:
    audience = staffing_policies.audience(user, sheet.employee)
    whole = Standing(
        is_self=audience.is_self,
        is_chain_supervisor=audience.is_chain_supervisor,
        is_timekeeper=security_policies.holds_role(
            user, "timesheet", "timekeeper", sheet.station_id
        ),
        is_personnel=security_policies.holds_role(
            user, "staffing", "personnel", sheet.station_id
        ),
    )
    if whole.sees_whole_period:
        return whole
    period = sheet.pay_period
    days = scheduling_policies.timesheet_days_visible_through_details(
        user, sheet.employee, period.start_date, period.end_date
    )
    return Standing(detail_days=frozenset(days))


def visible_days(user, sheet: Timesheet) -> set[date]:
    seen = standing(user, sheet)
    if seen.sees_whole_period:
        period = sheet.pay_period
        return {
            period.start_date + timedelta(days=offset)
            for offset in range((period.end_date - period.start_date).days + 1)
        }
    return set(seen.detail_days)


def may_see(user, sheet: Timesheet) -> bool:
    return standing(user, sheet).sees_anything


def may_enter(user, sheet: Timesheet, code: str | None = None) -> bool:
    """May the user change the open timesheet's entries (of ``code``)?"""
    if not sheet.is_editable:
        return False
    seen = standing(user, sheet)
    if code is not None and rules_of(code).supervisor_only:
        return seen.is_chain_supervisor
    return seen.is_self or seen.is_chain_supervisor


def may_submit(user, sheet: Timesheet) -> bool:
    return sheet.is_editable and standing(user, sheet).is_self


def may_validate(user, sheet: Timesheet) -> bool:
    seen = standing(user, sheet)
    return seen.is_timekeeper and not seen.is_self


def may_certify(user, sheet: Timesheet) -> bool:
    seen = standing(user, sheet)
    return seen.is_chain_supervisor and not seen.is_self


def may_amend(user, sheet: Timesheet) -> bool:
    """Amending supersedes the certified version and holds the station's
    payroll file, so it is for the employee's chain supervisors and the
    station's timekeepers; never the employee, who asks one of them."""
    seen = standing(user, sheet)
    if seen.is_self:
        return False
    return seen.is_chain_supervisor or seen.is_timekeeper


# The payroll file names each employee by hash ID, an identity field that
# only the person and personnel see: keeping the time is not enough.
PAYROLL_DOWNLOADERS = (
    "a timekeeper of the station who also holds the staffing personnel role "
    "over it, as the file names each employee by hash ID"
)


def payroll_stations(user) -> frozenset[int]:
    """Ids of the units whose payroll file the user may download."""
    return security_policies.reach(
        user, "timesheet", "timekeeper"
    ) & security_policies.reach(user, "staffing", "personnel")


def may_export_payroll(user, station) -> bool:
    return station.pk in payroll_stations(user)


def sees_hash_id(user, employee) -> bool:
    return privacy.IDENTITY in staffing_policies.visible_groups(user, employee)


# The payroll extract writes HR fields (personnel's alone to change) and
# names each employee by hash ID (personnel's alone to see).
PAYROLL_EXTRACT_IMPORTERS = (
    "personnel (the staffing personnel role) over the stations of every "
    "employee in the file"
)


def payroll_extract_units(user) -> frozenset[int]:
    """Ids of the units whose employees' extract lines the user may import
    and whose extract records they may read."""
    return security_policies.reach(user, "staffing", "personnel")


def may_import_payroll_extract(user) -> bool:
    """Anyone who is personnel somewhere may bring an extract; each line is
    then checked against ``payroll_extract_units``."""
    return bool(payroll_extract_units(user))
