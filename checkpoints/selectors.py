from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404

from checkpoints import policies
from checkpoints.models import Checkpoint, FacilityType, OperatingStatus
from security.models import OrganizationUnit


def visible_checkpoints(user):
    return (
        Checkpoint.objects.filter(policies.visible_filter(user))
        .select_related("sector", "station")
        .order_by("list_order", "name")
    )


def checkpoint_for(user, pk) -> Checkpoint:
    """The checkpoint, or PermissionDenied (audited) when it is out of reach."""
    checkpoint = get_object_or_404(
        Checkpoint.objects.select_related("sector", "station"), pk=pk
    )
    if not policies.may_see(user, checkpoint):
        raise PermissionDenied("This checkpoint is outside your part of the tree.")
    return checkpoint


def sectors_of(checkpoints):
    return OrganizationUnit.objects.filter(
        pk__in=checkpoints.values("sector_id")
    ).order_by("name")


def stations_of(checkpoints):
    return (
        OrganizationUnit.objects.filter(pk__in=checkpoints.values("station_id"))
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def filtered(checkpoints, *, sector=None, station=None, facility_type="", status=""):
    if sector is not None:
        checkpoints = checkpoints.filter(sector=sector)
    if station is not None:
        checkpoints = checkpoints.filter(station=station)
    if facility_type:
        checkpoints = checkpoints.filter(facility_type=facility_type)
    if status:
        checkpoints = checkpoints.filter(status=status)
    return checkpoints


def _counted(value_field, value):
    return Count("pk", filter=Q(**{value_field: value}))


def summary_by_sector(checkpoints) -> list[dict]:
    """Per sector: checkpoints by type and by status, and lanes and cells.

    Lanes and cells are summed over the checkpoints where they are
    recorded; ``recorded`` says how many those are.
    """
    rows = (
        checkpoints.order_by()
        .values("sector_id", "sector__name")
        .annotate(
            total=Count("pk"),
            permanent=_counted("facility_type", FacilityType.PERMANENT),
            tactical=_counted("facility_type", FacilityType.TACTICAL),
            type_unknown=_counted("facility_type", FacilityType.UNKNOWN),
            operational=_counted("status", OperatingStatus.OPERATIONAL),
            non_operational=_counted("status", OperatingStatus.NON_OPERATIONAL),
            decommissioned=_counted("status", OperatingStatus.DECOMMISSIONED),
            unconfirmed=_counted("status", OperatingStatus.UNCONFIRMED),
            primary_lane_total=Sum("primary_lanes", default=0),
            secondary_lane_total=Sum("secondary_lanes", default=0),
            holding_cell_total=Sum("holding_cells", default=0),
            lanes_recorded=Count("primary_lanes"),
            cells_recorded=Count("holding_cells"),
        )
        .order_by("sector__name")
    )
    return list(rows)


# Bookkeeping, not something a reader of the history needs to see.
UNSHOWN_IN_HISTORY = {"corrected_fields"}


def change_history(checkpoint: Checkpoint, limit: int = 50) -> list[dict]:
    """The checkpoint's changes, newest first: when, who, why and what changed."""
    records = list(
        checkpoint.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=UNSHOWN_IN_HISTORY)
            for change in delta.changes:
                field = Checkpoint._meta.get_field(change.field)
                changes.append(
                    {
                        "label": field.verbose_name,
                        "old": _shown(newer, field, change.old),
                        "new": _shown(newer, field, change.new),
                    }
                )
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user or "The published list's load",
                "reason": newer.history_change_reason,
                "created": older is None,
                "changes": changes,
            }
        )
    return entries


def _shown(record, field, value) -> str:
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.choices).get(value, value)
    if field.is_relation:
        unit = OrganizationUnit.objects.filter(pk=value).first()
        return unit.name if unit else str(value)
    return str(value)
