"""Schedule defaults: who sets them, who reads them, the one way to save.

A supervisor sets the defaults of the people below them in the chain of
command at a station where they hold the scheduling supervisor role; the
station's scheduling administrators set anyone's there. The person, their
chain and everyone holding a scheduling role over the station read them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bpets import clock
from scheduling import pay_periods, reference
from scheduling.models import ScheduleDefault
from security import audit
from security import policies as security_policies
from staffing import policies as staffing_policies
from staffing.models import Employee


def may_set(user, employee: Employee) -> bool:
    station = employee.duty_station_id
    if staffing_policies.audience(user, employee).is_self:
        return False  # nobody schedules themselves
    if security_policies.holds_role(
        user, "scheduling", "scheduling_administrator", station
    ):
        return True
    return (
        security_policies.holds_role(user, "scheduling", "supervisor", station)
        and staffing_policies.audience(user, employee).is_chain_supervisor
    )


def may_read(user, employee: Employee) -> bool:
    seen = staffing_policies.audience(user, employee)
    return (
        seen.is_self
        or seen.is_chain_supervisor
        or reference.may_read(user, employee.duty_station)
    )


def people_set_by(user):
    """Active employees whose defaults ``user`` may set, by name."""
    administered = security_policies.reach(
        user, "scheduling", "scheduling_administrator"
    )
    supervised = security_policies.reach(user, "scheduling", "supervisor")
    candidates = list(
        Employee.objects.filter(
            status=Employee.Status.ACTIVE,
            duty_station_id__in=administered | supervised,
        )
        .select_related("duty_station", "schedule_default__shift_template")
        .order_by("last_name", "first_name")
    )
    staffing_policies.prime_audiences(user, candidates)
    return [person for person in candidates if may_set(user, person)]


@transaction.atomic
def save_default(*, actor, employee: Employee, default: ScheduleDefault):
    if not may_set(actor, employee):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=employee,
            subject_user_id=employee.user_id,
            details={"action": "set schedule default"},
        )
        raise PermissionDenied(
            "Only the person's supervisors, or the station's scheduling "
            "administrators, set their schedule defaults."
        )
    default.employee = employee
    problems = _outside_station(default, employee.duty_station_id)
    this_year = pay_periods.containing(clock.today_at(employee.duty_station)).year
    if default.overtime_year not in (this_year, this_year + 1):
        # An election is made for this leave year or, before it begins,
        # the next one.
        problems["overtime_year"] = (
            f"The overtime level is elected for {this_year} or {this_year + 1}."
        )
    if problems:
        raise ValidationError(problems)
    default.full_clean()
    default._history_user = actor
    reference.save_unique(default)
    return default


def _outside_station(default: ScheduleDefault, station_id: int) -> dict:
    problems = {}
    if default.shift_template_id and default.shift_template.station_id != station_id:
        problems["shift_template"] = "The shift template is another station's."
    if default.zone_id and default.zone.station_id != station_id:
        problems["zone"] = "The zone is another station's."
    if default.vehicle_id and default.vehicle.station_id != station_id:
        problems["vehicle"] = "The vehicle belongs to another station's fleet."
    if default.activity_id and default.activity.station_id not in (None, station_id):
        problems["activity"] = "The activity is another station's."
    if default.sub_activity_id and default.sub_activity.activity_id != (
        default.activity_id
    ):
        problems["sub_activity"] = "The sub-activity belongs to another activity."
    return problems
