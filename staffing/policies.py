"""Who sees and edits which of an employee's fields.

Supervisors reach people through the chain of command (the employee's
supervisor, theirs, and so on up), never through the tree; personnel and
staffing administrators through their grants over the employee's station.
Every page, form, list and export asks these functions.
"""

from dataclasses import dataclass

from security import policies as security_policies
from security.models import User
from staffing import privacy
from staffing.models import Employee

# A chain of command deeper than this is a data error, not an agency.
MAX_CHAIN_DEPTH = 30

SELF_AND_CHAIN_EDIT = (
    {"nickname", "work_phone", "work_mobile", "work_email"}
    | set(privacy.FIELDS[privacy.PERSONAL])
    | set(privacy.FIELDS[privacy.MEDICAL])
    | set(privacy.FIELDS[privacy.EMERGENCY])
)
WORK_ADDRESS = {"work_street", "work_city", "work_state", "work_zip"}
PERSONNEL_EDIT = (
    {
        "first_name",
        "middle_initial",
        "last_name",
        "job_title",
        "duty_station",
        "supervisor",
    }
    | WORK_ADDRESS
    | (set(privacy.FIELDS[privacy.HR]) - {"separation_date", "separation_reason"})
    | set(privacy.FIELDS[privacy.IDENTITY])
)


@dataclass(frozen=True)
class Audience:
    is_self: bool = False
    is_chain_supervisor: bool = False
    is_personnel: bool = False
    is_staffing_administrator: bool = False


def employee_of(user) -> Employee | None:
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_bpets_employee"):
        user._bpets_employee = Employee.objects.filter(user=user).first()
    return user._bpets_employee


def chain_above(employee: Employee) -> list[int]:
    """Ids of the employee's supervisors, nearest first."""
    return chains_above([employee])[employee.pk]


def chains_above(employees) -> dict[int, list[int]]:
    """``chain_above`` for many people at once, for a list or a report.

    The chains are climbed level by level for all of them together, so the
    number of queries is set by the chain's depth, not by how many people.
    """
    supervisor_of = {employee.pk: employee.supervisor_id for employee in employees}
    unknown = {pk for pk in supervisor_of.values() if pk and pk not in supervisor_of}
    for _ in range(MAX_CHAIN_DEPTH):
        if not unknown:
            break
        found = dict(
            Employee.objects.filter(pk__in=unknown).values_list("pk", "supervisor_id")
        )
        supervisor_of.update(found)
        unknown = {pk for pk in found.values() if pk and pk not in supervisor_of}

    chains = {}
    for employee in employees:
        chain, seen = [], {employee.pk}
        supervisor_id = employee.supervisor_id
        while (
            supervisor_id and supervisor_id not in seen and len(chain) < MAX_CHAIN_DEPTH
        ):
            chain.append(supervisor_id)
            seen.add(supervisor_id)
            supervisor_id = supervisor_of.get(supervisor_id)
        chains[employee.pk] = chain
    return chains


def prime_audiences(user, employees) -> None:
    """Work out at once how ``user`` stands to each of many people.

    ``audience`` climbs the chain from one person; for a page of search
    results that would be a climb per row.
    """
    cache = user.__dict__.setdefault("_bpets_audiences", {})
    chains = chains_above(employees)
    for employee in employees:
        key = (employee.pk, employee.supervisor_id, employee.duty_station_id)
        if key not in cache:
            cache[key] = _audience(user, employee, chains[employee.pk])


def audience(user, employee: Employee) -> Audience:
    """How ``user`` stands to ``employee``; worked out once per request.

    Every check on a page asks this, and the chain walk behind it costs a
    query per level; the answer is kept on the user object, keyed by what
    it depends on, so a changed supervisor or station is worked out anew.
    """
    cache = user.__dict__.setdefault("_bpets_audiences", {}) if user else {}
    key = (employee.pk, employee.supervisor_id, employee.duty_station_id)
    if key not in cache:
        cache[key] = _audience(user, employee)
    return cache[key]


def _audience(user, employee: Employee, chain: list[int] | None = None) -> Audience:
    viewer = employee_of(user)
    station = employee.duty_station_id
    if viewer is not None and chain is None:
        chain = chain_above(employee)
    if getattr(user, "background_investigation_status", "") == (
        User.Investigation.UNFAVORABLE
    ):
        # A place in the chain opens nothing while access is suspended.
        chain = []
    return Audience(
        is_self=viewer is not None and viewer.pk == employee.pk,
        is_chain_supervisor=viewer is not None and viewer.pk in chain,
        is_personnel=security_policies.holds_role(
            user, "staffing", "personnel", station
        ),
        is_staffing_administrator=security_policies.holds_role(
            user, "staffing", "staffing_administrator", station
        ),
    )


def visible_groups(user, employee: Employee) -> frozenset[str]:
    """The groups shown whole; everyone also sees the personal fields shown."""
    seen = audience(user, employee)
    groups = {privacy.WORK}
    if seen.is_self or seen.is_chain_supervisor:
        groups |= {privacy.PERSONAL, privacy.HR, privacy.MEDICAL, privacy.EMERGENCY}
    if seen.is_self or seen.is_personnel:
        groups |= {privacy.HR, privacy.IDENTITY}
    return frozenset(groups)


def shown_personal_fields(employee: Employee) -> set[str]:
    fields = set()
    for choice in employee.shown_personal_fields:
        fields |= set(privacy.SHOWABLE.get(choice, ()))
    if employee.phones_unlisted:
        # Unlisted numbers stay with the person and their chain, whatever
        # else they chose to show.
        fields -= PHONE_FIELDS
    return fields


def chain_change_refusal(
    user, employee: Employee, new_supervisor, station=None
) -> str | None:
    """Why naming ``new_supervisor`` for ``employee`` is refused, or None.

    Whoever sits above someone in the chain sees their personal, medical
    and emergency information; so nobody may put themselves there, nor
    make a loop of the chain, nor reach into another station's people by
    naming someone there who supervises nobody at it. ``station`` is the
    employee's station after the change, when the change moves them too.
    """
    if new_supervisor is None:
        return None
    if new_supervisor.pk == employee.pk:
        return "Nobody is their own supervisor."
    station_id = getattr(station, "pk", station) or employee.duty_station_id
    if new_supervisor.duty_station_id != station_id and not (
        new_supervisor.user_id
        and security_policies.holds_role(
            new_supervisor.user, "staffing", "supervisor", station_id
        )
    ):
        return (
            f"{new_supervisor} works at another station and holds no supervisor "
            "role over this one."
        )
    above_new = [new_supervisor.pk, *chain_above(new_supervisor)]
    if employee.pk in above_new:
        return f"{employee} is already above {new_supervisor} in the chain."
    viewer = employee_of(user)
    placing_themselves = viewer is not None and viewer.pk in above_new
    if placing_themselves and viewer.pk not in chain_above(employee):
        return "You may not place yourself above someone in the chain of command."
    return None


def visible_fields(user, employee: Employee) -> set[str]:
    return history_fields(user, employee) | shown_personal_fields(employee)


def history_fields(user, employee: Employee) -> set[str]:
    """The fields whose past values ``user`` may read in the history.

    A personal number the person shows everyone is shown as it is now; the
    values it had before, perhaps while it was unlisted, stay with the
    person and their chain.
    """
    fields = set()
    for group in visible_groups(user, employee):
        fields |= set(privacy.FIELDS[group])
    return fields


# Assigned by the supervisors above the handler, not by the handler.
CHAIN_ONLY_EDIT = {"assigned_canine"}
PHONE_FIELDS = {"home_phone", "mobile_phone", "pager"}


def editable_fields(user, employee: Employee) -> set[str]:
    seen = audience(user, employee)
    fields = set()
    if seen.is_self or seen.is_chain_supervisor:
        fields |= SELF_AND_CHAIN_EDIT
    if seen.is_chain_supervisor:
        fields |= CHAIN_ONLY_EDIT
    # Nobody keeps their own official record: personnel and staffing
    # administrators ask for a correction like anyone else.
    if seen.is_personnel and not seen.is_self:
        fields |= PERSONNEL_EDIT
    if seen.is_staffing_administrator and not seen.is_self:
        fields |= WORK_ADDRESS
    return fields


def groups_beyond_work(user, employee: Employee) -> list[str]:
    """What an audit event must name when ``user`` is shown this record."""
    if audience(user, employee).is_self:
        return []
    groups = set(visible_groups(user, employee)) - {privacy.WORK}
    if shown_personal_fields(employee):
        groups.add(privacy.PERSONAL)
    return sorted(groups)
