"""The current pay period is the one of the reader's station, not of the UTC
date: on the last Saturday evening of a period UTC is already in the next."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Saturday 12 December 2026, 20:00 at Nogales (UTC-7): the last day of
# PP 24/2026 (29 Nov - 12 Dec) there, Sunday 13 Dec (PP 25) in UTC.
SATURDAY_EVENING = datetime(2026, 12, 13, 3, tzinfo=UTC)


def test_timesheets_to_act_on_open_the_stations_current_period(
    client, people, give, monkeypatch
):
    give(people["first_line"], "timesheet", "timekeeper", "nogales")
    monkeypatch.setattr(timezone, "now", lambda: SATURDAY_EVENING)
    client.force_login(people["first_line"])

    period = client.get(reverse("timesheet:to-act-on")).context["period"]

    assert (period.year, period.number) == (2026, 24)
    assert period.start_date == date(2026, 11, 29)
