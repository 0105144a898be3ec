"""Correction requests: an employee asks personnel to fix official data.

The employee names the field, the value they believe right and why; the
personnel over their station accept it (the change is made through
``services.update_profile``, with history naming the request) or decline
it with a reason. The person may withdraw a request still open.
"""

import copy
import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from security import audit
from security import policies as security_policies
from staffing import policies, privacy, services
from staffing.models import CorrectionRequest, Employee

logger = logging.getLogger(__name__)

State = CorrectionRequest.State

# Official data the person cannot change themselves.
CORRECTABLE_FIELDS = (
    "first_name",
    "middle_initial",
    "last_name",
    "job_title",
    *(
        name
        for name in privacy.FIELDS[privacy.HR]
        if name in policies.PERSONNEL_EDIT and name != "employment_type"
    ),
)


class CorrectionRefused(Exception):
    """The request, or the decision on it, was refused; the message says why.

    ``field`` names the field of the request the refusal is about, if any.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def field_label(name: str) -> str:
    return str(Employee._meta.get_field(name).verbose_name).capitalize()


def shown_value(employee: Employee, name: str) -> str:
    value = getattr(employee, name)
    return "" if value is None else str(value)


def parse_value(employee: Employee, name: str, text: str):
    """The typed value as the field holds it, or a ValidationError.

    The record's own rules apply (a grade from 1 to 15, say), checked on a
    copy so the record itself is untouched.
    """
    field = Employee._meta.get_field(name)
    if isinstance(field, models.DateField):
        # One unambiguous way to write a date: 03/04/2009 is two dates.
        form_field = forms.DateField(input_formats=["%Y-%m-%d"])
    else:
        form_field = field.formfield()
    value = form_field.clean(text.strip())

    candidate = copy.copy(employee)
    setattr(candidate, name, value)
    others = [other.name for other in Employee._meta.fields if other.name != name]
    candidate.full_clean(exclude=others, validate_unique=False)
    return value


def may_decide(user, correction: CorrectionRequest) -> bool:
    employee = correction.employee
    return (
        security_policies.holds_role(
            user, "staffing", "personnel", employee.duty_station_id
        )
        and employee.user_id != user.pk
    )


def may_read(user, correction: CorrectionRequest) -> bool:
    return correction.employee.user_id == user.pk or may_decide(user, correction)


@transaction.atomic
def request_correction(
    *, actor, employee: Employee, field_name: str, requested_value: str, reason: str
) -> CorrectionRequest:
    if not policies.audience(actor, employee).is_self:
        raise CorrectionRefused("Only the person may ask to correct their record.")
    if field_name not in CORRECTABLE_FIELDS:
        raise CorrectionRefused(
            "That field is not corrected by request.", field="field_name"
        )
    if not reason.strip():
        raise CorrectionRefused("Say why the record is wrong.", field="reason")
    try:
        value = parse_value(employee, field_name, requested_value)
    except ValidationError as error:
        raise CorrectionRefused(
            " ".join(error.messages), field="requested_value"
        ) from error
    if value == getattr(employee, field_name):
        raise CorrectionRefused(
            "Your record already holds that value.", field="requested_value"
        )

    correction = CorrectionRequest(
        employee=employee,
        field_name=field_name,
        value_on_record=shown_value(employee, field_name),
        requested_value=requested_value.strip(),
        reason=reason.strip(),
        requested_by=actor,
    )
    correction._history_user = actor
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as error:
        raise CorrectionRefused(
            f"You already have an open request about {field_label(field_name)}.",
            field="field_name",
        ) from error
    logger.info(
        "correction request %s made for employee %s", correction.pk, employee.pk
    )
    return correction


@transaction.atomic
def accept(*, actor, correction: CorrectionRequest) -> CorrectionRequest:
    correction = _lock_open(actor, correction, "accept")
    try:
        value = parse_value(
            correction.employee, correction.field_name, correction.requested_value
        )
        services.update_profile(
            actor=actor,
            employee=correction.employee,
            changes={correction.field_name: value},
            reason=f"Correction request {correction.pk}",
        )
    except ValidationError as error:
        raise CorrectionRefused(
            "The requested value cannot be recorded: " + " ".join(error.messages)
        ) from error
    except services.ProfileChangeRefused as error:
        raise CorrectionRefused(str(error)) from error
    return _decide(actor, correction, State.ACCEPTED, "")


@transaction.atomic
def decline(*, actor, correction: CorrectionRequest, reason: str) -> CorrectionRequest:
    correction = _lock_open(actor, correction, "decline")
    if not reason.strip():
        raise CorrectionRefused("Say why the request is declined.")
    return _decide(actor, correction, State.DECLINED, reason.strip())


@transaction.atomic
def withdraw(*, actor, correction: CorrectionRequest) -> CorrectionRequest:
    if correction.employee.user_id != actor.pk:
        raise CorrectionRefused("Only the person who asked may withdraw a request.")
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if correction.state != State.OPEN:
        raise CorrectionRefused("This request has already been decided.")
    return _decide(actor, correction, State.WITHDRAWN, "")


def _lock_open(actor, correction: CorrectionRequest, action: str):
    if not may_decide(actor, correction):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=correction,
            subject_user_id=correction.employee.user_id,
            details={"action": f"{action} correction request"},
        )
        raise CorrectionRefused(
            "Only personnel over the person's station, other than the person, "
            "decide a correction request."
        )
    # Two personnel deciding at once: the second waits, then finds it decided.
    locked = (
        CorrectionRequest.objects.select_for_update()
        .select_related("employee")
        .get(pk=correction.pk)
    )
    if locked.state != State.OPEN:
        raise CorrectionRefused("This request has already been decided.")
    return locked


def _decide(actor, correction, state, reason) -> CorrectionRequest:
    correction.state = state
    correction.decided_by = actor
    correction.decided_at = timezone.now()
    correction.decision_reason = reason
    correction._history_user = actor
    correction.save(
        update_fields=["state", "decided_by", "decided_at", "decision_reason"]
    )
    logger.info("correction request %s %s", correction.pk, state.lower())
    return correction


def open_for_personnel(user):
    """Open requests at the stations where ``user`` is personnel, oldest first."""
    stations = security_policies.reach(user, "staffing", "personnel")
    return (
        CorrectionRequest.objects.filter(
            state=State.OPEN, employee__duty_station_id__in=stations
        )
        .exclude(employee__user=user)
        .select_related("employee__duty_station__parent")
        .order_by("requested_at", "pk")
    )
