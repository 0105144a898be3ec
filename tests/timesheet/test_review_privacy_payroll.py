"""A privacy review of the payroll file: it names each employee by hash ID,
an identity field, so keeping the time is not enough to download it, and
each download is a look at every named employee's identity group."""

import pytest
from django.urls import reverse

from security.models import AuditEvent
from tests.timesheet.test_timesheet_payroll_export import ask, certify_alone
from timesheet import payroll_export
from timesheet.validation import Refused

pytestmark = pytest.mark.django_db


def test_a_timekeeper_who_is_not_personnel_is_told_who_downloads_it(
    client, timesheet, people, keeper
):
    certify_alone(timesheet, people, keeper)
    client.force_login(keeper)

    response = ask(client, timesheet)

    assert response.status_code == 403
    assert (
        "The payroll file is downloaded by a timekeeper of the station who also "
        "holds the staffing personnel role over it"
    ) in response.content.decode()
    assert not AuditEvent.objects.filter(kind="export", actor_id=keeper.pk).exists()


def test_the_file_waits_for_the_right_to_see_each_hash_id(timesheet, people, keeper):
    """The check per person holds even where the page's gate is passed by."""
    certify_alone(timesheet, people, keeper)

    with pytest.raises(Refused) as refused:
        payroll_export.build(keeper, timesheet.station, timesheet.pay_period)

    assert str(refused.value.errors["export"]) == (
        "You may not see the hash ID of Subject Tester; the file is downloaded "
        "by a timekeeper of the station who also holds the staffing personnel "
        "role over it, as the file names each employee by hash ID."
    )


def test_a_download_shows_on_who_has_seen_my_information(
    client, timesheet, people, keeper, give
):
    certify_alone(timesheet, people, keeper)
    give(keeper, "staffing", "personnel", "nogales")
    client.force_login(keeper)

    assert ask(client, timesheet).status_code == 200

    look = AuditEvent.objects.get(kind="personal_data.viewed", actor_id=keeper.pk)
    assert look.details["employees"] == {str(timesheet.employee_id): ["identity"]}
    client.force_login(people["self"])
    body = client.get(reverse("staffing:seen-by")).content.decode()
    assert f'<td data-label="Who">{keeper.username}</td>' in body
    assert "your record, as a file" in body
    assert '<td data-label="Through">timesheet:payroll</td>' in body


def test_the_landing_page_offers_the_file_to_its_downloaders_only(client, keeper, give):
    link = f'href="{reverse("timesheet:payroll")}"'
    client.force_login(keeper)
    assert link not in client.get(reverse("timesheet:index")).content.decode()

    give(keeper, "staffing", "personnel", "nogales")

    assert link in client.get(reverse("timesheet:index")).content.decode()
