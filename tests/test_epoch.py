from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bpets.epoch import EpochSeconds, instant
from security.models import User

NEW_YEAR_2026 = 1_767_225_600  # 56 years of 365 days and 14 leap days, in seconds


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "seconds"),
    [
        (datetime(2026, 1, 1, tzinfo=UTC), NEW_YEAR_2026),
        # 07:30 in Phoenix (UTC-7) is 14:30 UTC.
        (
            datetime(2026, 1, 1, 7, 30, tzinfo=ZoneInfo("America/Phoenix")),
            NEW_YEAR_2026 + 52_200,
        ),
        (None, None),
    ],
)
def test_the_database_reads_an_instant_as_seconds_and_back(moment, seconds):
    User.objects.create_user(
        "epoch-reader", password="a-long-test-password-1", last_login=moment
    )

    read = (
        User.objects.annotate(seconds=EpochSeconds("last_login"))
        .values_list("seconds", flat=True)
        .get()
    )

    assert read == seconds
    assert instant(read) == moment


@pytest.mark.django_db
@pytest.mark.parametrize(
    "microseconds",
    # Half a second, which a cast rounds up, and the last half-millisecond,
    # which a reading to the millisecond rounds up.
    [500_000, 999_600, 999_999],
)
def test_a_fraction_of_a_second_is_dropped_not_rounded_into_the_next(microseconds):
    last_second_of_2025 = datetime(2025, 12, 31, 23, 59, 59, microseconds, tzinfo=UTC)
    User.objects.create_user(
        "epoch-reader",
        password="a-long-test-password-1",
        last_login=last_second_of_2025,
    )

    read = (
        User.objects.annotate(seconds=EpochSeconds("last_login"))
        .values_list("seconds", flat=True)
        .get()
    )

    assert read == NEW_YEAR_2026 - 1
