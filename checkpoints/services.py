"""The only code that changes a checkpoint: administrators' corrections and
status changes, each checked against the administrator's reach and kept in
history with who made it."""

from django.db import transaction
from django.utils import timezone

from checkpoints import policies
from checkpoints.models import (
    ADMINISTRATOR_FIELDS,
    FILE_FIELDS,
    Checkpoint,
    OperatingStatus,
    StatusChange,
)
from security import audit

# What an administrator completes or corrects on the profile form.
EDITABLE_FIELDS = FILE_FIELDS + ADMINISTRATOR_FIELDS


class CheckpointChangeRefused(Exception):
    """The change was refused as a whole; the message says why, for the user."""


def _require_administrator(actor, checkpoint: Checkpoint, action: str) -> None:
    if policies.may_change(actor, checkpoint):
        return
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=checkpoint,
        details={"action": action, "sector": checkpoint.sector_id},
    )
    raise CheckpointChangeRefused(
        f"Only a checkpoint administrator over {checkpoint.sector} changes "
        "its checkpoints."
    )


def update_checkpoint(*, actor, checkpoint: Checkpoint, changes: dict) -> list[str]:
    """Apply ``changes`` (field name -> value); the names of the fields changed.

    A corrected field of the list is marked, so that a reload of the list
    leaves the administrator's value alone.
    """
    # Checked before the transaction: the refusal's audit event must stay.
    _require_administrator(actor, checkpoint, "change checkpoint")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise CheckpointChangeRefused(
            "These are not changed on the profile: " + ", ".join(unknown) + "."
        )

    changed = [
        name for name, value in changes.items() if getattr(checkpoint, name) != value
    ]
    if not changed:
        return []
    for name in changed:
        setattr(checkpoint, name, changes[name])
    checkpoint.corrected_fields = sorted(
        set(checkpoint.corrected_fields) | (set(changed) & set(FILE_FIELDS))
    )
    checkpoint.full_clean()
    checkpoint._history_user = actor
    checkpoint._change_reason = "Completed or corrected by a checkpoint administrator"
    with transaction.atomic():
        checkpoint.save()
    return changed


def change_status(
    *, actor, checkpoint: Checkpoint, status: str, effective_on, reason: str = ""
) -> StatusChange:
    """Record a dated status change; non-operational needs its reason."""
    _require_administrator(actor, checkpoint, "change checkpoint status")
    reason = reason.strip()
    refusal = _status_refusal(checkpoint, status, effective_on, reason)
    if refusal:
        raise CheckpointChangeRefused(refusal)

    change = StatusChange(
        checkpoint=checkpoint,
        status=status,
        effective_on=effective_on,
        reason=reason,
        recorded_by=actor,
    )
    change._history_user = actor
    change.full_clean()
    checkpoint.status = status
    checkpoint.status_since = effective_on
    checkpoint.status_reason = reason
    checkpoint.full_clean()
    checkpoint._history_user = actor
    checkpoint._change_reason = f"Status: {change.get_status_display()}"
    with transaction.atomic():
        change.save()
        checkpoint.save()
    return change


def _status_refusal(checkpoint, status, effective_on, reason) -> str | None:
    if status not in OperatingStatus.values:
        return "Choose an operating status."
    if status == OperatingStatus.UNCONFIRMED:
        return "Say what the status is: operational, non-operational or decommissioned."
    if status == OperatingStatus.NON_OPERATIONAL and not reason:
        return "Say why the checkpoint is not operating."
    if effective_on > timezone.localdate():
        return "A status change cannot take effect in the future."
    # The list's "not yet confirmed" is no real status: the first real one
    # may have begun long before the list was loaded.
    if (
        checkpoint.status != OperatingStatus.UNCONFIRMED
        and effective_on < checkpoint.status_since
    ):
        return (
            f"The current status took effect on {checkpoint.status_since:%Y-%m-%d}; "
            "a change cannot take effect before it."
        )
    if status == checkpoint.status and reason == checkpoint.status_reason:
        return f"The checkpoint is already {checkpoint.get_status_display().lower()}."
    return None
