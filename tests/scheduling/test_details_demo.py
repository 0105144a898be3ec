"""The demo's details, as a new user finds them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Detail, ScheduleCell
from security.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_supervisor_sees_an_accepted_detail_and_one_to_decide(
    organization, client
):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    found = Detail.objects.order_by("first_day")
    assert [(d.home_station.name, d.gaining_station.name, d.status) for d in found] == [
        ("Nogales", "Tucson", "ACCEPTED"),
        ("Nogales", "Tucson", "PROPOSED"),
    ]
    accepted, waiting = found
    today = timezone.localdate()
    assert (accepted.first_day - today).days == 2
    # Seven days away: on Nogales's G-259 as detail, on Tucson's as days there.
    home = ScheduleCell.objects.filter(
        detail=accepted, row__schedule__station=accepted.home_station
    )
    there = ScheduleCell.objects.filter(
        detail=accepted, row__schedule__station=accepted.gaining_station
    )
    assert there.count() == 7
    assert set(home.values_list("status", flat=True)) == {"DETAIL"}

    client.force_login(User.objects.get(username="supervisor"))
    page = client.get(reverse("scheduling:details")).content.decode()
    assert reverse("scheduling:detail", args=[waiting.pk]) in page
    decide = client.get(reverse("scheduling:detail", args=[waiting.pk]))
    assert 'value="accept"' in decide.content.decode()
