"""The checkpoints module's part of the records retention schedule."""

from checkpoints.models import Checkpoint, OperatingStatus, StatusChange
from security import retention
from security.retention import Period, Rule, Source


def _decommissioned_before(cutoff):
    # A decommissioned checkpoint's status date is the day it was
    # decommissioned; one put back into service is no longer due.
    return Checkpoint.objects.filter(
        status=OperatingStatus.DECOMMISSIONED, status_since__lt=cutoff
    )


def _purge_checkpoints(primary_keys) -> int:
    # Whole records go with their history (deleting writes one more row,
    # removed with the rest); the status changes go with their checkpoint.
    purged = Checkpoint.objects.filter(pk__in=primary_keys).delete()[1]
    StatusChange.history.filter(checkpoint_id__in=primary_keys).delete()
    Checkpoint.history.filter(id__in=primary_keys).delete()
    return purged.get(Checkpoint._meta.label, 0)


CHECKPOINT_RECORDS = Rule(
    code="checkpoints.checkpoint_records",
    title="Checkpoint records",
    records=(
        "A checkpoint's profile, its operating status changes, and the history of both."
    ),
    runs_from="The checkpoint is decommissioned (the date of that status).",
    sources=(
        Source(
            "Agency schedule, checkpoint facility records",
            Period(years=20),
            "Checkpoint records: destroy 20 years after the checkpoint is "
            "decommissioned, or longer while a legal hold stands.",
        ),
    ),
    due=_decommissioned_before,
    purge=_purge_checkpoints,
    kind="checkpoint",
    batch_size=100,
)


def register_rules() -> None:
    retention.register(CHECKPOINT_RECORDS)
