"""Times of record (when something was asked, decided, printed, changed) are
shown on the viewer's clock with the zone's abbreviation, the instant in UTC
kept in the markup for machines."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from bpets import notifications
from bpets.models import Notification

pytestmark = pytest.mark.django_db


def listing_of(client, user, created_at):
    notification = notifications.notify(user, "Your leave request was approved.")
    Notification.objects.filter(pk=notification.pk).update(created_at=created_at)
    client.force_login(user)
    return client.get(reverse("notifications")).content.decode()


def test_an_agent_reads_the_time_on_their_duty_stations_clock(client, people):
    # 13:05 UTC is 06:05 in Arizona, which keeps Mountain Standard Time.
    page = listing_of(client, people["self"], datetime(2026, 1, 11, 13, 5, tzinfo=UTC))

    assert (
        '<time datetime="2026-01-11T13:05:00+00:00">2026-01-11 06:05 MST</time>' in page
    )
    assert "(UTC)" not in page


def test_summer_time_where_the_home_station_keeps_it(client, make_user):
    # No employee record: the home unit, Ysleta (America/Denver), gives the
    # zone. 21:20 UTC on 4 July is 15:20 Mountain Daylight Time.
    user = make_user("yslet", home="ysleta")

    page = listing_of(client, user, datetime(2026, 7, 4, 21, 20, tzinfo=UTC))

    assert ">2026-07-04 15:20 MDT</time>" in page


def test_headquarters_reads_eastern_time(client, make_user):
    # Headquarters keeps Washington's clock: 00:30 UTC on New Year's Day is
    # still 19:30 on New Year's Eve there.
    user = make_user("hqreader", home="headquarters")

    page = listing_of(client, user, datetime(2026, 1, 1, 0, 30, tzinfo=UTC))

    assert ">2025-12-31 19:30 EST</time>" in page


def test_a_login_with_no_unit_reads_utc(client, make_user):
    user = make_user("unplaced", home=None)

    page = listing_of(client, user, datetime(2026, 1, 1, 0, 30, tzinfo=UTC))

    assert ">2026-01-01 00:30 UTC</time>" in page


def test_a_page_made_without_a_viewer_reads_utc_and_no_time_reads_empty():
    made = Template("{% load bpets_format %}[{% stamp moment %}][{% stamp none %}]")

    text = made.render(
        Context({"moment": datetime(2026, 3, 8, 9, 0, tzinfo=UTC), "none": None})
    )

    assert text == (
        '[<time datetime="2026-03-08T09:00:00+00:00">2026-03-08 09:00 UTC</time>][]'
    )
