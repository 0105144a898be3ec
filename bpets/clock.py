"""The date of today at an organization unit, on that unit's own clock.

Instants are kept in UTC, so ``timezone.localdate()`` is the UTC date: in the
US evening it is already tomorrow. Whatever a person reads or enters as
"today" is the date where they work.
"""

import zoneinfo
from datetime import date

from django.conf import settings
from django.utils import timezone


def zone_at(unit) -> zoneinfo.ZoneInfo:
    """The unit's time zone; a unit without one keeps its parent's, and the
    top without one keeps the project's (UTC). ``unit`` may be None."""
    while unit is not None and not unit.time_zone:
        unit = unit.parent
    return zoneinfo.ZoneInfo(unit.time_zone if unit else settings.TIME_ZONE)


def today_at(unit) -> date:
    return timezone.localdate(timezone=zone_at(unit))
