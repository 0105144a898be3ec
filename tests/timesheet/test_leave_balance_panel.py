"""The leave balance panel the timesheet adds to scheduling's leave
request page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling import services
from scheduling.models import LeaveRequest, RequestStatus
from security.models import AuditEvent
from tests.scheduling.conftest import chain  # noqa: F401 (fixture used by name)
from tests.scheduling.request_helpers import day, leave_of
from timesheet.models import LeaveLedgerEntry, LedgerKind

pytestmark = pytest.mark.django_db
SOURCE = "timesheet:leave-balance-panel"


@pytest.fixture
def holding_16_hours(chain):  # noqa: F811
    """16 h of annual leave credited two pay periods before the request's."""
    LeaveLedgerEntry.objects.create(
        employee=chain["subject"],
        leave_type="ANNUAL",
        kind=LedgerKind.ADJUSTMENT,
        pay_period=services.pay_period_row(day(0) - timedelta(days=28)),
        hours=Decimal(16),
    )
    return chain


def page_of(client, user, leave):
    client.force_login(user)
    url = reverse("scheduling:leave-request", args=[leave.pk])
    return client.get(url).content.decode()


def test_a_request_beyond_the_balance_is_flagged_to_the_supervisor(
    client, holding_16_hours
):
    people = holding_16_hours
    # Three days of 8 h = 24 h against 16 h held: 8 h beyond.
    leave = leave_of(people["self"], 1, 3)

    page = page_of(client, people["first_line"], leave)

    assert "Annual leave held going into PP" in page
    assert "16.00 hours" in page
    assert "This request is 8.00 hours beyond the annual leave balance." in page
    seen = AuditEvent.objects.get(source=SOURCE)
    assert seen.subject_user_id == people["self"].pk
    assert seen.details == {"groups": ["leave balance"]}


def test_a_request_within_the_balance_is_not_flagged_nor_audited_for_oneself(
    client, holding_16_hours
):
    people = holding_16_hours
    leave = leave_of(people["self"], 1, 2)

    page = page_of(client, people["self"], leave)

    assert "16.00 hours" in page
    assert "beyond the annual leave balance" not in page
    assert not AuditEvent.objects.filter(source=SOURCE).exists()


def test_leave_drawn_on_no_balance_shows_no_panel(client, holding_16_hours):
    people = holding_16_hours
    leave = leave_of(people["self"], 1, 1, leave_type="COURT")

    assert "Leave balance" not in page_of(client, people["first_line"], leave)


def test_leave_approved_before_and_not_yet_charged_is_set_against_it(
    client, holding_16_hours
):
    people = holding_16_hours
    earlier = leave_of(people["self"], 1, 1)
    LeaveRequest.objects.filter(pk=earlier.pk).update(
        status=RequestStatus.APPROVED,
        decided_by=people["first_line"],
        decided_at=timezone.now(),
    )
    # 16 h held, 8 h of them already approved: 8 h left against 16 asked.
    leave = leave_of(people["self"], 2, 3)

    page = page_of(client, people["first_line"], leave)

    assert "Approved before this request, not yet charged" in page
    assert "This request is 8.00 hours beyond the annual leave balance left" in page
