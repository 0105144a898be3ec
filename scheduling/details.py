"""Details (temporary duty): the one way to propose, accept, decline,
cancel and cut short.

A scheduling supervisor (or scheduling administrator) of either side
proposes: of the person's home station, which loses them, or of the station
that gains them. One of the other side decides; nobody decides a detail
they proposed, or one that moves themselves. Either side cancels or cuts it
short, with a reason. Each step is saved with its history, tells the other
side's supervisors (and the person, once it moves them), and puts the
detail on the G-259s or takes it off (``detail_cells``).

Refusals of who may act are audited before any transaction, so that their
event is not rolled back with it.
"""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bpets.notifications import notify
from scheduling import detail_cells, detail_lines
from scheduling.detail_selectors import ACTING_ROLES
from scheduling.models import Detail, DetailSide, DetailStatus, ShiftTemplate
from scheduling.requests import days_text, role_holders
from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit, User
from staffing import policies as staffing_policies
from staffing.models import Employee

logger = logging.getLogger(__name__)

OVERLAP_CONSTRAINT = "detail_accepted_never_overlap"


class DetailRefused(Exception):
    """The step cannot be taken now (already decided, say); the message says why."""


# ---- who -----------------------------------------------------------------


def acts_for(user, station) -> bool:
    """Does the user schedule at ``station`` (a unit or its id)?"""
    return any(
        security_policies.holds_role(user, "scheduling", role, station)
        for role in ACTING_ROLES
    )


def sides_of(user, detail: Detail) -> set[str]:
    sides = set()
    if acts_for(user, detail.home_station_id):
        sides.add(DetailSide.HOME)
    if acts_for(user, detail.gaining_station_id):
        sides.add(DetailSide.GAINING)
    return sides


def other_side(side: str) -> str:
    return DetailSide.GAINING if side == DetailSide.HOME else DetailSide.HOME


def may_see(user, detail: Detail) -> bool:
    return bool(sides_of(user, detail)) or _is_self(user, detail)


def may_decide(user, detail: Detail) -> bool:
    return (
        detail.is_proposed
        and other_side(detail.proposed_side) in sides_of(user, detail)
        and detail.proposed_by_id != user.pk
        and not _is_self(user, detail)
    )


def may_end(user, detail: Detail) -> bool:
    return bool(sides_of(user, detail)) and not _is_self(user, detail)


def _is_self(user, detail: Detail) -> bool:
    return staffing_policies.audience(user, detail.employee).is_self


def station_supervisors(station_id: int) -> list[User]:
    """Everyone who acts for the station, for telling them of a step."""
    holders = list(role_holders(station_id, ACTING_ROLES))
    return list(
        User.objects.filter(pk__in=holders, is_active=True)
        .exclude(background_investigation_status=User.Investigation.UNFAVORABLE)
        .order_by("pk")
    )


def _refuse(actor, detail, action: str, message: str):
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=detail,
        details={"action": action},
    )
    raise PermissionDenied(message)


# ---- telling -------------------------------------------------------------


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def describe(detail: Detail) -> str:
    return (
        f"{detail.employee.full_name} from {detail.home_station.name} to "
        f"{detail.gaining_station.name} "
        f"{days_text(detail.first_day, detail.last_day)}"
    )


def _tell(detail: Detail, side: str, text: str, actor, *, person=False) -> None:
    """Tell the supervisors of ``side`` (and the person, if asked)."""
    link = reverse("scheduling:detail", args=[detail.pk])
    station_id = (
        detail.home_station_id if side == DetailSide.HOME else detail.gaining_station_id
    )
    told = set()
    for user in station_supervisors(station_id):
        if user.pk != actor.pk and user.pk != detail.employee.user_id:
            notify(user, text, link)
            told.add(user.pk)
    user = detail.employee.user
    if person and user is not None and user.pk not in told and user.pk != actor.pk:
        notify(user, text, link)


def _with_notes(text: str, outcome: detail_cells.Outcome) -> str:
    notes = outcome.notes()
    return f"{text} {notes[0].upper()}{notes[1:]}." if notes else text


def _tell_both(detail, actor, acting_side: str, text: str, outcome) -> None:
    text = _with_notes(text, outcome)
    _tell(detail, other_side(acting_side), text, actor, person=True)
    # A scheduler of the acting side who did not act learns it too: their
    # G-259 changed.
    _tell(detail, acting_side, text, actor)


# ---- steps ---------------------------------------------------------------


def _locked(detail: Detail) -> Detail:
    return (
        Detail.objects.select_for_update(of=("self",))
        .select_related(
            "employee__user", "home_station", "gaining_station", "shift_template"
        )
        .get(pk=detail.pk)
    )


def _save_step(detail: Detail, actor, reason: str) -> None:
    detail.last_step_at = timezone.now()
    detail._history_user = actor
    detail._change_reason = reason
    try:
        with transaction.atomic():
            detail.save()
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT not in str(error):
            raise
        raise DetailRefused(
            f"{detail.employee.full_name} was just detailed elsewhere for some of "
            "these days: one person is on one detail at a time."
        ) from error


def _check_template(detail: Detail, template) -> None:
    if template is None:
        return
    if template.station_id != detail.gaining_station_id or not template.is_active:
        raise ValidationError(
            {"shift_template": f"Choose a shift of {detail.gaining_station}."}
        )


def _check_overlap(detail: Detail, statuses) -> None:
    clash = (
        Detail.objects.filter(
            employee_id=detail.employee_id,
            status__in=statuses,
            first_day__lte=detail.last_day,
            last_day__gte=detail.first_day,
        )
        .exclude(pk=detail.pk)
        .select_related("gaining_station")
        .order_by("first_day")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            f"{detail.employee.full_name} already has a "
            f"{clash.get_status_display().lower()} detail to "
            f"{clash.gaining_station.name} "
            f"{days_text(clash.first_day, clash.last_day)}, which overlaps these "
            "days. One person is on one detail at a time."
        )


def propose(
    *,
    actor,
    employee: Employee,
    gaining_station,
    first_day: date,
    last_day: date,
    purpose: str,
    shift_template: ShiftTemplate | None = None,
) -> Detail:
    """A supervisor of either side proposes to move the person for the days."""
    detail = Detail(
        employee=employee,
        home_station_id=employee.duty_station_id,
        gaining_station=gaining_station,
        first_day=first_day,
        last_day=last_day,
        planned_last_day=last_day,
        purpose=purpose.strip(),
        shift_template=shift_template,
        proposed_by=actor,
    )
    if staffing_policies.audience(actor, employee).is_self:
        _refuse(actor, employee, "propose own detail", "Nobody details themselves.")
    if acts_for(actor, employee.duty_station_id):
        detail.proposed_side = DetailSide.HOME
    elif acts_for(actor, gaining_station):
        detail.proposed_side = DetailSide.GAINING
    else:
        _refuse(
            actor,
            employee,
            "propose detail",
            "Only the scheduling supervisors of the person's station or of the "
            "station they go to propose a detail.",
        )
    _check_proposal(detail, employee, gaining_station)

    with transaction.atomic():
        # One step at a time per person, so two proposals cannot overlap.
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        _check_overlap(detail, DetailStatus.standing())
        detail.full_clean(validate_constraints=False)
        _save_step(detail, actor, "proposed")
        _tell(
            detail,
            other_side(detail.proposed_side),
            f"{_name(actor)} proposes a detail of {describe(detail)}: {detail.purpose}",
            actor,
        )
    logger.info("detail %s proposed", detail.pk)
    return detail


def _check_proposal(detail: Detail, employee: Employee, gaining_station) -> None:
    if employee.status != Employee.Status.ACTIVE:
        raise ValidationError({"employee": "Only an active person is detailed."})
    if gaining_station.kind != OrganizationUnit.Kind.STATION:
        raise ValidationError({"gaining_station": "A detail is to a station."})
    if gaining_station.pk == employee.duty_station_id:
        raise ValidationError(
            {
                "gaining_station": (
                    f"{employee.full_name} is already at {gaining_station}."
                )
            }
        )
    if detail.last_day < detail.first_day:
        raise ValidationError({"last_day": "The last day is before the first."})
    if not detail.purpose:
        raise ValidationError({"purpose": "Say what the detail is for."})
    _check_template(detail, detail.shift_template)
    if detail.proposed_side == DetailSide.GAINING and detail.shift_template is None:
        raise ValidationError(
            {"shift_template": "Choose the shift the person works at your station."}
        )


def decide(
    *, actor, detail: Detail, accept: bool, reason: str = "", shift_template=None
) -> Detail:
    """The other side accepts (the gaining side naming the shift, if not
    named yet) or declines with a reason."""
    reason = reason.strip()
    if not may_decide(actor, detail):
        if detail.proposed_by_id == actor.pk or _is_self(actor, detail):
            _refuse(
                actor,
                detail,
                "decide own detail",
                "Nobody accepts their own detail: a supervisor of the other "
                "station does.",
            )
        if other_side(detail.proposed_side) not in sides_of(actor, detail):
            _refuse(
                actor,
                detail,
                "decide detail",
                "Only a scheduling supervisor of the other station decides this "
                "detail.",
            )
    with transaction.atomic():
        detail = _locked(detail)
        if not detail.is_proposed:
            raise DetailRefused(
                f"This detail is already {detail.get_status_display().lower()}."
            )
        detail.decided_by = actor
        detail.decided_at = timezone.now()
        if not accept:
            if not reason:
                raise ValidationError({"reason": "Say why it is declined."})
            detail.status = DetailStatus.DECLINED
            detail.decline_reason = reason
            _save_step(detail, actor, "declined")
            _tell(
                detail,
                detail.proposed_side,
                f"The detail of {describe(detail)} was declined by {_name(actor)}: "
                f"{reason}",
                actor,
            )
            return detail

        if shift_template is not None:
            if detail.proposed_side != DetailSide.HOME:
                raise ValidationError(
                    {"shift_template": "The gaining station chose the shift already."}
                )
            _check_template(detail, shift_template)
            detail.shift_template = shift_template
        if detail.shift_template is None:
            raise ValidationError(
                {"shift_template": "Choose the shift the person works at your station."}
            )
        _check_overlap(detail, [DetailStatus.ACCEPTED])
        detail.status = DetailStatus.ACCEPTED
        _save_step(detail, actor, "accepted")
        outcome = detail_cells.apply(detail, actor)
        outcome.lines_kept = detail_lines.accepted(detail, actor)
        _tell_both(
            detail,
            actor,
            other_side(detail.proposed_side),
            f"The detail of {describe(detail)} was accepted by {_name(actor)}.",
            outcome,
        )
    logger.info("detail %s accepted", detail.pk)
    return detail


def _acting_side(actor, detail: Detail) -> str:
    sides = sides_of(actor, detail)
    return DetailSide.HOME if DetailSide.HOME in sides else DetailSide.GAINING


def cancel(*, actor, detail: Detail, reason: str) -> Detail:
    """Either side calls off a proposed or accepted detail, with a reason."""
    reason = reason.strip()
    if not may_end(actor, detail):
        _refuse(
            actor,
            detail,
            "cancel detail",
            "Only a scheduling supervisor of either station cancels a detail.",
        )
    with transaction.atomic():
        detail = _locked(detail)
        if detail.status not in DetailStatus.standing():
            raise DetailRefused(
                f"This detail is already {detail.get_status_display().lower()}."
            )
        if not reason:
            raise ValidationError({"reason": "Say why it is cancelled."})
        was_accepted = detail.is_accepted
        detail.status = DetailStatus.CANCELLED
        detail.cancelled_by = actor
        detail.cancelled_at = timezone.now()
        detail.end_reason = reason
        _save_step(detail, actor, "cancelled")
        outcome = detail_cells.Outcome()
        if was_accepted:
            outcome = detail_cells.restore(detail, actor)
            outcome.lines_kept = detail_lines.ended(
                detail, actor, detail.first_day, detail.last_day
            )
        _tell_both(
            detail,
            actor,
            _acting_side(actor, detail),
            f"The detail of {describe(detail)} was cancelled by {_name(actor)}: "
            f"{reason}",
            outcome,
        )
    logger.info("detail %s cancelled", detail.pk)
    return detail


def cut_short(*, actor, detail: Detail, last_day: date, reason: str) -> Detail:
    """Either side ends an accepted detail early: ``last_day`` is its new
    last day (to end it before it starts, cancel it)."""
    reason = reason.strip()
    if not may_end(actor, detail):
        _refuse(
            actor,
            detail,
            "cut detail short",
            "Only a scheduling supervisor of either station cuts a detail short.",
        )
    with transaction.atomic():
        detail = _locked(detail)
        if not detail.is_accepted:
            raise DetailRefused("Only an accepted detail is cut short.")
        if not reason:
            raise ValidationError({"reason": "Say why it is cut short."})
        if not detail.first_day <= last_day < detail.last_day:
            raise ValidationError(
                {
                    "last_day": "The new last day is from "
                    f"{detail.first_day:%Y-%m-%d} to the day before "
                    f"{detail.last_day:%Y-%m-%d}; to end it before it starts, "
                    "cancel it."
                }
            )
        from_day = last_day + (date.resolution)
        through = detail.last_day
        detail.last_day = last_day
        detail.end_reason = reason
        _save_step(detail, actor, "cut short")
        outcome = detail_cells.restore(detail, actor, from_day=from_day)
        outcome.lines_kept = detail_lines.ended(detail, actor, from_day, through)
        _tell_both(
            detail,
            actor,
            _acting_side(actor, detail),
            f"The detail of {describe(detail)} was cut short by {_name(actor)}: "
            f"{reason}",
            outcome,
        )
    logger.info("detail %s cut short", detail.pk)
    return detail
