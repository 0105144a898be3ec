"""The records administrators' writes: legal holds and the choice of source.

Each checks first, outside any transaction, so that a refusal's audit
event is kept; then changes its rows and records the change in one.
"""

from django.db import transaction
from django.utils import timezone

from security import audit, policies, retention
from security.models import LegalHold, RetentionChoice
from security.retention import schedule


class RetentionRefused(Exception):
    """The change was refused; the message says why, for the user."""


def _require_records_administrator(actor, action: str) -> None:
    if not policies.is_records_administrator(actor):
        audit.record(audit.Kind.DENIED, actor=actor, details={"action": action})
        raise RetentionRefused("Only a records administrator may do this.")


def unit_of(hold: LegalHold):
    """The organization unit a hold's person or record belongs to, or None
    (headquarters keeps what belongs nowhere)."""
    if hold.user_id is not None:
        return hold.user.home_unit_id
    record = hold.record
    for name in ("station_id", "duty_station_id", "sector_id", "home_unit_id"):
        if getattr(record, name, None):
            return getattr(record, name)
    return None


def covers(hold: LegalHold, user) -> bool:
    """Is ``user`` the person the hold, or its record, is about?"""
    if hold.user_id == user.pk:
        return True
    record = hold.record if hold.content_type_id is not None else None
    if record is None:
        return False
    return record == user or getattr(record, "user_id", None) == user.pk


def in_scope(actor, hold: LegalHold) -> bool:
    """Records administrators keep holds in their own part of the tree."""
    unit = unit_of(hold)
    if unit is None:
        # The root of the tree, from the access already read: no query per
        # hold when a page lists many.
        parents = policies.access_of(actor).parents
        unit = next((pk for pk, parent in parents.items() if parent is None), None)
    return unit in policies.reach(actor, "security", "records_administrator")


def _refuse(actor, hold, action: str, message: str):
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=hold if hold.pk else None,
        details={"action": action},
    )
    raise RetentionRefused(message)


def _reason(reason: str, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RetentionRefused(missing)
    return reason


def place_hold(*, actor, reason: str, user=None, record=None) -> LegalHold:
    """Hold a person's records, one record, or both, until another lifts it."""
    _require_records_administrator(actor, "place legal hold")
    reason = _reason(reason, "Say why the records are held.")
    if user is None and record is None:
        raise RetentionRefused("Name the person or the record to hold.")

    hold = LegalHold(user=user, reason=reason, placed_by=actor)
    if record is not None:
        hold.record = record
    if covers(hold, actor):
        # Holding one's own records keeps them from the schedule: that is
        # for someone without a stake in them to decide.
        _refuse(
            actor,
            hold,
            "place legal hold on oneself",
            "A hold on your own records is placed by another records administrator.",
        )
    if not in_scope(actor, hold):
        _refuse(
            actor,
            hold,
            "place legal hold out of scope",
            "That person or record is outside the part of the organization "
            "where you are a records administrator.",
        )
    standing = LegalHold.objects.standing().filter(
        user=user, content_type=hold.content_type, object_id=hold.object_id
    )
    if standing.exists():
        raise RetentionRefused("A legal hold on that already stands.")
    hold._history_user = actor
    with transaction.atomic():
        hold.save()
        audit.record(
            audit.Kind.LEGAL_HOLD_PLACED,
            actor=actor,
            target=hold,
            subject_user_id=user.pk if user is not None else None,
            details=_hold_details(hold),
        )
    return hold


def lift_hold(*, actor, hold: LegalHold, reason: str) -> LegalHold:
    """Only a records administrator other than the one who placed it lifts it."""
    _require_records_administrator(actor, "lift legal hold")
    if hold.placed_by_id == actor.pk:
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=hold,
            details={"action": "lift own legal hold"},
        )
        raise RetentionRefused(
            "Another records administrator must lift a hold you placed."
        )
    if covers(hold, actor):
        _refuse(
            actor,
            hold,
            "lift legal hold on oneself",
            "A hold on your own records is lifted by another records administrator.",
        )
    if not in_scope(actor, hold):
        _refuse(
            actor,
            hold,
            "lift legal hold out of scope",
            "That hold is outside the part of the organization where you are a "
            "records administrator.",
        )
    reason = _reason(reason, "Say why the hold is lifted.")

    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if not hold.is_standing:
            raise RetentionRefused("That legal hold was already lifted.")
        hold.lifted_by = actor
        hold.lifted_at = timezone.now()
        hold.lift_reason = reason
        hold._history_user = actor
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        audit.record(
            audit.Kind.LEGAL_HOLD_LIFTED,
            actor=actor,
            target=hold,
            subject_user_id=hold.user_id,
            details=_hold_details(hold),
        )
    return hold


def _hold_details(hold: LegalHold) -> dict:
    details = {"hold": hold.pk}
    if hold.content_type_id is not None:
        details["record_type"] = hold.content_type.model_class()._meta.label
        details["record_id"] = hold.object_id
    return details


def choose_source(*, actor, rule_code: str, source: str, reason: str):
    """Settle a rule whose sources disagree on one of them."""
    _require_records_administrator(actor, "choose retention source")
    try:
        rule = retention.get(rule_code)
    except KeyError:
        raise RetentionRefused("There is no such retention rule.") from None
    if not rule.sources_disagree:
        raise RetentionRefused("This rule's sources agree: there is nothing to choose.")
    chosen = next((known for known in rule.sources if known.key == source), None)
    if chosen is None:
        raise RetentionRefused("Choose one of the rule's sources.")
    reason = _reason(reason, "Say why this source applies.")

    with transaction.atomic():
        previous = schedule.applied(rule)
        choice = RetentionChoice.objects.select_for_update().filter(rule_code=rule.code)
        choice = choice.first() or RetentionChoice(rule_code=rule.code)
        choice.source = chosen.key
        choice.reason = reason
        choice.chosen_by = actor
        choice.chosen_at = timezone.now()
        choice._history_user = actor
        choice.save()
        audit.record(
            audit.Kind.RETENTION_SOURCE_CHOSEN,
            actor=actor,
            target=choice,
            details={
                "rule": rule.code,
                "source": chosen.key,
                "period": str(chosen.period),
                "previous_source": previous.source.key,
            },
        )
    return choice
