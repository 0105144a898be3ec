"""Who keeps scheduling's reference data, and the one way it is saved.

A station's zones, technology, shift templates, workgroups, schedule groups
and its own activities are kept by the scheduling administrators over that
station; the national catalog of activities by scheduling administrators
over headquarters. The station's scheduling supervisors and administrators
read its reference data.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit

# A dispatcher holds a scheduling role too, but sees only who is on shift.
READING_ROLES = ("supervisor", "scheduling_administrator")


def headquarters() -> OrganizationUnit:
    return OrganizationUnit.objects.get(kind=OrganizationUnit.Kind.HEADQUARTERS)


def may_read(user, station) -> bool:
    return any(
        security_policies.holds_role(user, "scheduling", role, station)
        for role in READING_ROLES
    )


def may_keep(user, station) -> bool:
    """May ``user`` change the reference data of ``station`` (None: national)?"""
    unit = station if station is not None else headquarters()
    return security_policies.holds_role(
        user, "scheduling", "scheduling_administrator", unit
    )


def stations_read_by(user):
    reached = set()
    for role in READING_ROLES:
        reached |= security_policies.reach(user, "scheduling", role)
    return OrganizationUnit.objects.filter(
        pk__in=reached, kind=OrganizationUnit.Kind.STATION
    ).select_related("parent")


@transaction.atomic
def save(*, actor, record, station):
    """Save a reference record of ``station`` after checking who may.

    The record's station is set here, never taken from a form, so a crafted
    post cannot move a record to a station its author does not keep.
    """
    if not may_keep(actor, station):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=station,
            details={"action": f"keep {record._meta.model_name}"},
        )
        raise PermissionDenied(
            "Only scheduling administrators over the station keep its reference data."
        )
    if hasattr(record, "station_id"):
        record.station = station
    stray = _outside(record, station)
    if stray:
        raise ValidationError(stray)
    record.full_clean()
    record._history_user = actor
    save_unique(record)
    return record


def save_unique(record) -> None:
    """Save, turning a unique value taken a moment ago into a refusal.

    full_clean has checked codes and names are free; another administrator
    saving the same one between that check and this save is caught here.
    """
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(
            "Someone saved the same record a moment ago; reload the page and "
            "check before saving again."
        ) from error


def _outside(record, station) -> str | None:
    """Why a record points outside its station, or None."""
    station_id = station.pk if station is not None else None
    zone = getattr(record, "zone", None)
    if zone is not None and zone.station_id != station_id:
        return "The zone is not one of this station's."
    parent = getattr(record, "parent", None)
    if parent is not None and parent.station_id != station_id:
        return "The unit is not one of this station's."
    activity = getattr(record, "activity", None)
    if activity is not None and activity.station_id not in (None, station_id):
        return "The activity is another station's."
    template = getattr(record, "shift_template", None)
    if template is not None and template.station_id != station_id:
        return "The shift template is not one of this station's."
    supervisor = getattr(record, "supervisor", None)
    if supervisor is not None and supervisor.duty_station_id != station_id:
        return "The supervisor does not work at this station."
    return None
