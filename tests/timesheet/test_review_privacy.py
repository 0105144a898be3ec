"""A privacy review of the timesheet: a station an employee was detailed to
sees the days of the detail and nothing counted over the whole period, on
the page and printed; a print-out by someone else shows on the owner's
"Who has seen my information"."""

import re
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.timesheet.conftest import close_every_shift
from tests.timesheet.test_timesheet_entries import add
from timesheet import initialization, print_views, workflow
from timesheet.models import Timesheet

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 1, 14)  # a workday before the detail
REASON = "The court summons for 14 January is missing"
WITHHELD = "shown to the employee's own station only"


@pytest.fixture
def detailed(finalized, subject, units, detail_of, people, keeper):
    """The subject, detailed to Ajo from 17 to 20 January, took court leave
    at home on Wednesday 14 and had the timesheet sent back with a reason."""
    detail_of(subject, date(2026, 1, 17), date(2026, 1, 20))
    initialization.initialize(finalized.pay_period, station=units["nogales"])
    sheet = Timesheet.objects.get(employee=subject)
    add(people["self"], sheet, WEDNESDAY, "COURT", "2")
    close_every_shift(sheet, people["self"])
    workflow.submit(actor=people["self"], sheet=sheet, attested=True)
    workflow.send_back(actor=keeper, sheet=sheet, reason=REASON)
    return sheet


@pytest.fixture
def ajo_viewer(make_user, give):
    user = make_user("ajokeeper", home="ajo")
    give(user, "timesheet", "supervisor", "ajo")
    return user


def day_row(body: str, day: str) -> str:
    return re.search(rf'<tr id="day-{day}">.*?</tr>', body, re.S).group(0)


def page(client, sheet) -> str:
    return client.get(reverse("timesheet:timesheet", args=[sheet.pk])).content.decode()


def test_the_home_station_sees_totals_notices_and_history(client, detailed, keeper):
    client.force_login(keeper)

    body = page(client, detailed)

    assert 'id="period-totals"' in body
    assert "Court leave" in body
    assert REASON in body
    assert WITHHELD not in body


def test_the_gaining_station_sees_the_days_without_totals_or_history(
    client, detailed, keeper, ajo_viewer
):
    client.force_login(keeper)
    home_view = page(client, detailed)
    client.force_login(ajo_viewer)

    response = client.get(reverse("timesheet:timesheet", args=[detailed.pk]))
    body = response.content.decode()

    # The detail days, each with its own day's hours as home sees them.
    for day in ("2026-01-17", "2026-01-20"):
        assert day_row(body, day) == day_row(home_view, day)
    assert 'id="day-2026-01-14"' not in body
    # Nothing counted over the whole period: the court leave of Wednesday 14
    # stays out, as do the notices, the steps and the reason given.
    assert 'id="period-totals"' not in body and "Week 1" not in body
    assert "Court leave" not in body
    assert response.context["flags"] == []
    assert REASON not in body and "History" not in body
    assert "Submitted" not in body
    assert WITHHELD in body


def test_the_gaining_stations_print_out_holds_the_days_only(
    client, detailed, ajo_viewer
):
    client.force_login(ajo_viewer)

    body = client.get(reverse("timesheet:print", args=[detailed.pk])).content.decode()

    assert '<th scope="row">Sat 17 Jan</th>' in body
    assert "Wed 14 Jan" not in body
    assert "Pay period totals" not in body and "Court leave" not in body
    assert "Signatures" not in body
    assert WITHHELD in body


def test_the_gaining_stations_pdf_holds_the_days_only(
    client, detailed, ajo_viewer, monkeypatch
):
    printed = []

    def render(template, context, **kwargs):
        printed.append(render_to_string(template, context))
        return b"%PDF-1.7 test"

    monkeypatch.setattr(print_views.pdf, "render", render)
    client.force_login(ajo_viewer)

    response = client.get(reverse("timesheet:pdf", args=[detailed.pk]))

    assert response.status_code == 200
    (html,) = printed
    assert "Sat 17 Jan" in html and "Wed 14 Jan" not in html
    assert "Pay period totals" not in html and "Court leave" not in html
    assert "Signatures" not in html and WITHHELD in html


def test_the_home_stations_print_out_keeps_totals_and_signatures(
    client, detailed, keeper
):
    client.force_login(keeper)

    body = client.get(reverse("timesheet:print", args=[detailed.pk])).content.decode()

    assert "Pay period totals" in body and "Court leave" in body
    assert "Signatures" in body and WITHHELD not in body


def seen_by(client, owner) -> str:
    client.force_login(owner)
    return client.get(reverse("staffing:seen-by")).content.decode()


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("timesheet:print", "timesheet:print-html"),
        ("timesheet:pdf", "timesheet:print-pdf"),
    ],
)
def test_a_print_out_by_someone_else_shows_on_who_has_seen_my_information(
    client, detailed, keeper, people, monkeypatch, name, source
):
    monkeypatch.setattr(print_views.pdf, "render", lambda *args, **kwargs: b"%PDF")
    client.force_login(keeper)
    assert client.get(reverse(name, args=[detailed.pk])).status_code == 200

    body = seen_by(client, people["self"])

    assert f'<td data-label="Who">{keeper.username}</td>' in body
    assert f'<td data-label="Through">{source}</td>' in body


def test_printing_my_own_timesheet_is_not_a_look_by_someone_else(
    client, detailed, people
):
    client.force_login(people["self"])
    assert client.get(reverse("timesheet:print", args=[detailed.pk])).status_code == 200

    assert "Nobody has." in seen_by(client, people["self"])
