"""Work other modules do once a G-259's G-481s are built.

A module above scheduling registers ``listener(schedule, *, actor)`` here,
so that scheduling never imports it: the timesheet fills in the days of
people detailed to the station that had no schedule to read when their
timesheets were made. Finalizing a G-259 starts its G-481 run, so a
listener hears of every finalization once its days are there.
"""

import logging

logger = logging.getLogger(__name__)

_listeners = []


def register(listener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def built(schedule, *, actor) -> None:
    """Tell every listener. One that fails is logged and does not undo the
    build: what it would have done, its module's next run does."""
    for listener in _listeners:
        try:
            listener(schedule, actor=actor)
        except Exception:
            logger.exception(
                "A listener of the G-481 build failed", extra={"schedule": schedule.pk}
            )
