"""Who sees and changes which deaths and rescues, and their subjects.

- a BSITS editor over the event's station (or a unit above it) records
  events, and sees and edits their subjects, each look audited;
- a BSITS viewer over the station reads the event without its subjects;
- every BSITS role holder, and reporting analysts, read the counts, which
  hold no subject data.
"""

from django.conf import settings

from security import policies

MODULE = "bsits"
EDITOR = "editor"
VIEWER = "viewer"


def editor_units(user) -> frozenset[int]:
    return policies.reach(user, MODULE, EDITOR)


def visible_units(user) -> frozenset[int]:
    return editor_units(user) | policies.reach(user, MODULE, VIEWER)


def holds_any_role(user) -> bool:
    return policies.holds_role(user, MODULE, EDITOR) or policies.holds_role(
        user, MODULE, VIEWER
    )


def may_see_event(user, event) -> bool:
    return event.station_id in visible_units(user)


def may_see_subjects(user, event) -> bool:
    return event.station_id in editor_units(user)


def is_historical_only() -> bool:
    return settings.BSITS_HISTORICAL_ONLY


def may_record(user, station_id: int) -> bool:
    """New events and every change, unless the module is historical only."""
    if is_historical_only():
        return False
    return station_id in editor_units(user)


def may_edit(user, event) -> bool:
    return may_record(user, event.station_id)


def may_see_counts(user) -> bool:
    return holds_any_role(user) or policies.holds_role(user, "reporting", "analyst")
