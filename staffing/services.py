from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from security import audit
from staffing import policies, privacy
from staffing.models import Employee


class ProfileChangeRefused(Exception):
    """The change was refused as a whole; the message says why.

    ``field`` names the field the refusal is about, if it is about one, so
    that a form shows the message beside it.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def update_profile(
    *, actor, employee: Employee, changes: dict, reason: str = ""
) -> list[str]:
    """Apply ``changes`` (field name -> value); the names of fields changed.

    A field the actor may not edit refuses the whole change, even when the
    form did not offer it: the form is a convenience, this is the rule.
    ``reason`` goes into the history row, to say what the change answered.
    """
    allowed = policies.editable_fields(actor, employee)
    forbidden = sorted(set(changes) - allowed)
    if forbidden:
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=employee,
            subject_user_id=employee.user_id,
            details={"action": "edit profile", "fields": forbidden},
        )
        raise ProfileChangeRefused(
            "You may not change: " + ", ".join(_label(name) for name in forbidden) + "."
        )

    changed = [
        name for name, value in changes.items() if getattr(employee, name) != value
    ]
    if not changed:
        return []
    _check_moves(actor, employee, changes, changed)
    for name in changed:
        setattr(employee, name, changes[name])
    employee.full_clean()
    employee._history_user = actor
    if reason:
        employee._change_reason = reason
    employee.save(update_fields=changed)

    if "supervisor" in changed:
        # The chain of command decides who sees what: a change to it is a
        # change to a safeguard.
        audit.record(
            audit.Kind.SAFEGUARD_CHANGED,
            actor=actor,
            target=employee,
            subject_user_id=employee.user_id,
            details={"supervisor": getattr(changes["supervisor"], "pk", None)},
        )
    if "duty_station" in changed and employee.user is not None:
        # A transfer: the login moves with the person, so the new
        # station's administrators manage it.
        employee.user.home_unit = employee.duty_station
        employee.user._history_user = actor
        employee.user.save(update_fields=["home_unit"])
    return changed


def _check_moves(actor, employee: Employee, changes: dict, changed: list[str]):
    """Refuse a chain-of-command or station change the actor may not make."""
    from security import policies as security_policies

    if "supervisor" in changed:
        refusal = policies.chain_change_refusal(
            actor,
            employee,
            changes["supervisor"],
            station=changes.get("duty_station", employee.duty_station),
        )
        if refusal:
            audit.record(
                audit.Kind.DENIED,
                actor=actor,
                target=employee,
                subject_user_id=employee.user_id,
                details={"action": "change supervisor"},
            )
            raise ProfileChangeRefused(refusal, field="supervisor")
    if "duty_station" in changed and not security_policies.holds_role(
        actor, "staffing", "personnel", changes["duty_station"]
    ):
        raise ProfileChangeRefused(
            "You may move people only to stations where you are personnel.",
            field="duty_station",
        )


def set_shown_personal_fields(*, actor, employee: Employee, shown: list[str]) -> None:
    """The person alone chooses which personal fields everyone may see."""
    if not policies.audience(actor, employee).is_self:
        raise ProfileChangeRefused("Only the person may choose what everyone sees.")
    unknown = set(shown) - set(privacy.SHOWABLE)
    if unknown:
        raise ValidationError(f"Unknown choices: {', '.join(sorted(unknown))}")
    employee.shown_personal_fields = sorted(shown)
    employee._history_user = actor
    employee.save(update_fields=["shown_personal_fields"])


def _label(name: str) -> str:
    return str(Employee._meta.get_field(name).verbose_name)


@transaction.atomic
def separate(*, actor, employee: Employee, separation_date, reason: str) -> Employee:
    """The person leaves the agency: dated and reasoned, their login disabled,
    every grant revoked and every session ended, all in one transaction."""
    from security import policies as security_policies
    from security import services as security_services

    if not security_policies.holds_role(
        actor, "staffing", "personnel", employee.duty_station_id
    ):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=employee,
            subject_user_id=employee.user_id,
            details={"action": "separate"},
        )
        raise ProfileChangeRefused(
            "Only personnel over the station record a separation."
        )
    if employee.user_id is not None and employee.user_id == actor.pk:
        raise ProfileChangeRefused("Nobody records their own separation.")
    if employee.status == Employee.Status.SEPARATED:
        raise ProfileChangeRefused("This person has already separated.")
    if separation_date > timezone.localdate():
        raise ProfileChangeRefused(
            "A separation is recorded on or after its date, not before: "
            f"{separation_date:%Y-%m-%d} is still to come.",
            field="separation_date",
        )
    if not reason.strip():
        raise ProfileChangeRefused("Say why the person separated.", field="reason")

    employee.status = Employee.Status.SEPARATED
    employee.separation_date = separation_date
    employee.separation_reason = reason.strip()
    employee._history_user = actor
    employee.save(update_fields=["status", "separation_date", "separation_reason"])
    if employee.user is not None and employee.user.is_active:
        security_services.disable_account(
            actor=actor, user=employee.user, reason=f"Separated: {reason.strip()}"
        )
    return employee


REQUIRED_AT_CREATION = (
    "first_name",
    "last_name",
    "job_title",
    "duty_station",
    "work_street",
    "work_city",
    "work_state",
    "work_zip",
)


@transaction.atomic
def create_employee(*, actor, username: str, fields: dict) -> tuple[Employee, str]:
    """A staffing administrator opens a record and its login at their station.

    Returns the employee and the one-time path on which the person sets
    their password.
    """
    from security import policies as security_policies
    from security import services as security_services

    station = fields["duty_station"]
    if not security_policies.holds_role(
        actor, "staffing", "staffing_administrator", station
    ):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=station,
            details={"action": "create employee"},
        )
        raise ProfileChangeRefused(
            f"You are not a staffing administrator over {station}.",
            field="duty_station",
        )
    # A new record has no chain yet: naming a supervisor one is above would
    # place oneself above the person.
    refusal = policies.chain_change_refusal(
        actor, Employee(), fields.get("supervisor"), station=station
    )
    if refusal:
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=station,
            details={
                "action": "create employee",
                "supervisor": fields["supervisor"].pk,
            },
        )
        raise ProfileChangeRefused(refusal, field="supervisor")

    user, set_password_path = security_services.open_login(
        creator=actor,
        username=username,
        first_name=fields["first_name"],
        last_name=fields["last_name"],
        email=fields.get("work_email", ""),
        home_unit=station,
    )
    employee = Employee(user=user, **fields)
    employee.full_clean()
    employee._history_user = actor
    employee.save()
    return employee, set_password_path


# The pay fields the payroll provider's extract is the source of.
PAY_FIELDS = ("pay_plan", "grade", "step", "next_within_grade_increase_date")


@transaction.atomic
def apply_pay_fields(
    *, actor, employee: Employee, values: dict, source: str
) -> dict[str, tuple]:
    """The pay fields as the payroll system holds them, written for it.

    The payroll system is the actor named in the history's change reason
    (``source`` names the extract and its import); ``actor``, the person
    who started the import, is the history's user and must be personnel
    over the employee's station. Unlike a profile edit this also writes a
    personnel officer's own pay fields: the values are payroll's, signed
    by it, not typed by the person. Returns ``{field: (before, after)}``
    of the fields that changed.
    """
    from security import policies as security_policies

    unknown = sorted(set(values) - set(PAY_FIELDS))
    if unknown:
        raise ValueError(f"Not pay fields: {', '.join(unknown)}")
    if not source.strip():
        raise ValueError("Name the source of the pay fields.")
    if not security_policies.holds_role(
        actor, "staffing", "personnel", employee.duty_station_id
    ):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=employee,
            subject_user_id=employee.user_id,
            details={"action": "apply pay fields", "fields": sorted(values)},
        )
        raise ProfileChangeRefused(
            "Pay fields from payroll are imported by personnel over the station."
        )
    changed = {
        name: (getattr(employee, name), value)
        for name, value in values.items()
        if getattr(employee, name) != value
    }
    if not changed:
        return {}
    for name, (_, value) in changed.items():
        setattr(employee, name, value)
    employee.full_clean()
    employee._history_user = actor
    employee._change_reason = source.strip()[:100]
    employee.save(update_fields=list(changed))
    return changed
