"""Leave and schedule change requests: who asks, who decides, each step in
history and told to the other side."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bpets.models import Notification
from scheduling import request_selectors, requests
from scheduling.models import LeaveRequest, RequestStatus, ScheduleChangeRequest
from security.models import AuditEvent
from tests.scheduling.request_helpers import day, leave_of

pytestmark = pytest.mark.django_db


def notes_of(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("id")
        .values_list("text", flat=True)
    )


def denied(actor, action) -> bool:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.DENIED, actor_id=actor.pk, details__action=action
    ).exists()


def at(monkeypatch, on: date, hour: int) -> None:
    """Stop the clock at ``hour``:00 UTC on that day."""
    instant = datetime(on.year, on.month, on.day, hour, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)


def history(request_row) -> list[tuple[str, str, str]]:
    return [
        (record.status, record.history_user.username, record.history_change_reason)
        for record in request_row.history.order_by("history_date", "history_id")
    ]


def days(first, last) -> str:
    return f"from {day(first):%Y-%m-%d} to {day(last):%Y-%m-%d}"


class TestAsking:
    def test_a_request_is_pending_and_told_to_the_supervisors_who_decide(
        self, chain, make_user, give
    ):
        administrator = make_user("schedadmin")
        give(administrator, "scheduling", "scheduling_administrator", "nogales")

        leave = leave_of(chain["self"], 1, 3, remarks="  Family visit. ")

        assert (leave.status, leave.hours, leave.remarks) == (
            RequestStatus.PENDING,
            Decimal(24),
            "Family visit.",
        )
        assert leave.requested_by == chain["self"]
        assert history(leave) == [("PENDING", "subject", "requested")]
        told = f"Subject Tester asks for leave {days(1, 3)}."
        assert notes_of(chain["first_line"]) == [told]
        assert notes_of(administrator) == [told]
        # In the chain without the role, or with the role outside the chain.
        assert notes_of(chain["second_line"]) == []
        assert notes_of(chain["peer"]) == []
        assert Notification.objects.get(recipient=administrator).link == (
            f"/scheduling/requests/leave/{leave.pk}/"
        )

    def test_absence_without_leave_is_never_requested(self, chain):
        with pytest.raises(ValidationError) as refusal:
            leave_of(chain["self"], 1, 1, leave_type="AWOL")

        assert refusal.value.message_dict == {
            "leave_type": [
                "Absence without leave is charged by a supervisor; it is never "
                "requested."
            ]
        }
        assert not LeaveRequest.objects.exists()

    def test_overlapping_leave_is_refused_and_days_beside_it_are_not(self, chain):
        first = leave_of(chain["self"], 2, 4)
        requests.decide(actor=chain["first_line"], request_row=first, approve=True)

        with pytest.raises(ValidationError) as refusal:
            leave_of(chain["self"], 4, 5, leave_type="SICK")
        beside = leave_of(chain["self"], 5, 5, leave_type="SICK")

        assert refusal.value.messages == [
            f"You already have annual leave {days(2, 4)} (approved), which "
            "overlaps these days. Withdraw or cancel it first, or choose other "
            "days."
        ]
        assert beside.status == RequestStatus.PENDING
        assert LeaveRequest.objects.count() == 2

    def test_a_withdrawn_request_no_longer_holds_its_days(self, chain):
        first = leave_of(chain["self"], 2, 4)
        requests.withdraw(actor=chain["self"], request_row=first)

        again = leave_of(chain["self"], 3, 3)

        assert again.status == RequestStatus.PENDING

    @pytest.mark.parametrize(
        ("first", "last", "hours", "field", "message"),
        [
            (1, 1, "0.3", "hours", "Leave is taken in quarter hours: 0.25, 0.5, "),
            (1, 3, "24.25", "hours", "At most 8 hours of leave a day: 24 for 3 "),
            (3, 1, "8", "last_day", "The last day is before the first."),
        ],
    )
    def test_hours_and_days_that_cannot_be_are_refused(
        self, chain, first, last, hours, field, message
    ):
        with pytest.raises(ValidationError) as refusal:
            leave_of(chain["self"], first, last, hours=hours)

        assert refusal.value.message_dict[field][0].startswith(message)
        assert not LeaveRequest.objects.exists()

    def test_someone_without_an_employee_record_cannot_ask(self, make_user):
        with pytest.raises(PermissionDenied):
            leave_of(make_user("norecord"), 1, 1)


class TestDeciding:
    def test_the_supervisor_approves_and_the_person_is_told(self, chain):
        leave = leave_of(chain["self"], 1, 2)

        requests.decide(actor=chain["first_line"], request_row=leave, approve=True)

        leave.refresh_from_db()
        assert leave.status == RequestStatus.APPROVED
        assert leave.decided_by == chain["first_line"]
        assert history(leave) == [
            ("PENDING", "subject", "requested"),
            ("APPROVED", "firstline", "approved"),
        ]
        assert notes_of(chain["self"]) == [
            f"Your leave request {days(1, 2)} was approved by Firstline Tester."
        ]

    def test_a_denial_needs_a_reason(self, chain):
        leave = leave_of(chain["self"], 1, 1)

        with pytest.raises(ValidationError) as refusal:
            requests.decide(
                actor=chain["first_line"], request_row=leave, approve=False, reason=" "
            )
        requests.decide(
            actor=chain["first_line"],
            request_row=leave,
            approve=False,
            reason="Minimum staffing that day.",
        )

        assert refusal.value.message_dict == {
            "reason": ["Say why it is denied, for the person."]
        }
        leave.refresh_from_db()
        assert (leave.status, leave.decision_reason) == (
            RequestStatus.DENIED,
            "Minimum staffing that day.",
        )
        assert notes_of(chain["self"]) == [
            f"Your leave request on {day(1):%Y-%m-%d} was denied by Firstline Tester."
        ]

    def test_a_supervisor_cannot_approve_their_own_leave(self, chain, give):
        own = leave_of(chain["first_line"], 1, 1)

        with pytest.raises(PermissionDenied, match="Nobody decides their own"):
            requests.decide(actor=chain["first_line"], request_row=own, approve=True)

        own.refresh_from_db()
        assert own.status == RequestStatus.PENDING
        assert denied(chain["first_line"], "decide own leave request")
        # Their own supervisor, given the role, does.
        give(chain["second_line"], "scheduling", "supervisor", "nogales")
        requests.decide(actor=chain["second_line"], request_row=own, approve=True)
        own.refresh_from_db()
        assert own.status == RequestStatus.APPROVED

    def test_the_chain_with_the_role_at_another_station_is_refused(self, chain, give):
        give(chain["second_line"], "scheduling", "supervisor", "ajo")
        leave = leave_of(chain["self"], 1, 1)

        with pytest.raises(PermissionDenied):
            requests.decide(actor=chain["second_line"], request_row=leave, approve=True)

        assert denied(chain["second_line"], "decide leave request")
        leave.refresh_from_db()
        assert leave.status == RequestStatus.PENDING

    def test_a_scheduling_supervisor_outside_the_chain_is_refused(self, chain):
        leave = leave_of(chain["self"], 1, 1)

        with pytest.raises(PermissionDenied):
            requests.decide(actor=chain["peer"], request_row=leave, approve=True)

        assert denied(chain["peer"], "decide leave request")

    def test_the_stations_scheduling_administrator_decides_anyones(
        self, chain, make_user, give
    ):
        administrator = make_user("schedadmin")
        give(administrator, "scheduling", "scheduling_administrator", "nogales")
        leave = leave_of(chain["self"], 1, 1)

        requests.decide(actor=administrator, request_row=leave, approve=True)

        leave.refresh_from_db()
        assert leave.decided_by == administrator

    def test_a_decided_request_is_not_decided_again(self, chain, make_user, give):
        leave = leave_of(chain["self"], 1, 1)
        requests.decide(actor=chain["first_line"], request_row=leave, approve=True)

        with pytest.raises(requests.RequestRefused, match="already approved"):
            requests.decide(
                actor=chain["first_line"], request_row=leave, approve=False, reason="x"
            )


class TestWithdrawingAndCancelling:
    def test_the_person_withdraws_a_pending_request_and_the_supervisor_is_told(
        self, chain
    ):
        leave = leave_of(chain["self"], 1, 1)

        requests.withdraw(actor=chain["self"], request_row=leave)

        leave.refresh_from_db()
        assert leave.status == RequestStatus.WITHDRAWN
        assert history(leave)[-1] == ("WITHDRAWN", "subject", "withdrawn")
        assert notes_of(chain["first_line"])[-1] == (
            f"Subject Tester withdrew their leave request on {day(1):%Y-%m-%d}."
        )

    def test_nobody_else_withdraws_it(self, chain):
        leave = leave_of(chain["self"], 1, 1)

        with pytest.raises(PermissionDenied):
            requests.withdraw(actor=chain["first_line"], request_row=leave)

        assert denied(chain["first_line"], "withdraw leave request")

    def test_an_approved_request_is_cancelled_not_withdrawn(self, chain):
        leave = leave_of(chain["self"], 1, 1)
        requests.decide(actor=chain["first_line"], request_row=leave, approve=True)

        with pytest.raises(requests.RequestRefused, match="only a pending one"):
            requests.withdraw(actor=chain["self"], request_row=leave)
        with pytest.raises(ValidationError):
            requests.cancel(actor=chain["self"], request_row=leave, reason="")
        requests.cancel(actor=chain["self"], request_row=leave, reason="Trip off.")

        leave.refresh_from_db()
        assert (leave.status, leave.cancelled_by, leave.cancellation_reason) == (
            RequestStatus.CANCELLED,
            chain["self"],
            "Trip off.",
        )
        assert notes_of(chain["first_line"])[-1] == (
            f"The approved leave request on {day(1):%Y-%m-%d} of Subject Tester "
            "was cancelled by Subject Tester."
        )

    def test_the_supervisor_cancels_and_the_person_is_told(self, chain):
        leave = leave_of(chain["self"], 1, 1)
        requests.decide(actor=chain["first_line"], request_row=leave, approve=True)

        requests.cancel(
            actor=chain["first_line"], request_row=leave, reason="Recalled to duty."
        )

        assert notes_of(chain["self"])[-1] == (
            f"Your approved leave request on {day(1):%Y-%m-%d} was cancelled by "
            "Firstline Tester."
        )
        assert history(leave)[-1] == ("CANCELLED", "firstline", "cancelled")

    def test_leave_that_has_begun_is_cancelled_by_the_supervisor_only(
        self, chain, monkeypatch
    ):
        leave = leave_of(chain["self"], 1, 3)
        requests.decide(actor=chain["first_line"], request_row=leave, approve=True)
        # 05:00 at Nogales on its second day.
        at(monkeypatch, day(2), 12)

        with pytest.raises(requests.RequestRefused, match="It has begun"):
            requests.cancel(actor=chain["self"], request_row=leave, reason="Back.")
        requests.cancel(actor=chain["first_line"], request_row=leave, reason="Back.")

        leave.refresh_from_db()
        assert leave.status == RequestStatus.CANCELLED


class TestTheDutyStationsToday:
    """03:00 UTC on day 2 is 20:00 on day 1 at Nogales (Arizona, UTC-7):
    the UTC date is already day 2, the station's is not."""

    def approved(self, chain, offset):
        leave = leave_of(chain["self"], offset, offset)
        requests.decide(actor=chain["first_line"], request_row=leave, approve=True)
        leave.refresh_from_db()
        return leave

    def test_the_person_cancels_leave_for_the_stations_tomorrow(
        self, chain, monkeypatch
    ):
        leave = self.approved(chain, 2)
        at(monkeypatch, day(2), 3)

        assert request_selectors.shown(chain["self"], leave).may_cancel
        requests.cancel(actor=chain["self"], request_row=leave, reason="Trip off.")

        leave.refresh_from_db()
        assert leave.status == RequestStatus.CANCELLED

    def test_leave_for_the_stations_today_has_begun(self, chain, monkeypatch):
        leave = self.approved(chain, 1)
        at(monkeypatch, day(2), 3)

        assert not request_selectors.shown(chain["self"], leave).may_cancel
        with pytest.raises(requests.RequestRefused, match="It has begun"):
            requests.cancel(actor=chain["self"], request_row=leave, reason="Back.")


class TestEmail:
    def test_a_decision_goes_by_e_mail_where_configured(
        self, chain, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_HOST = "127.0.0.1"
        settings.DEFAULT_FROM_EMAIL = "bpets@agency.example"
        settings.SITE_URL = "https://bpets.agency.example"
        chain["self"].email = "subject@agency.example"
        chain["self"].save()
        leave = leave_of(chain["self"], 1, 1)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            requests.decide(actor=chain["first_line"], request_row=leave, approve=True)

        [sent] = mail.outbox
        text = (
            f"Your leave request on {day(1):%Y-%m-%d} was approved by Firstline Tester."
        )
        assert sent.to == ["subject@agency.example"]
        assert sent.from_email == "bpets@agency.example"
        assert sent.subject == f"BPETS: {text}"
        assert sent.body == (
            f"{text}\n\nhttps://bpets.agency.example/scheduling/requests/leave/"
            f"{leave.pk}/"
        )

    def test_without_a_mail_server_or_an_address_it_stays_in_the_app(
        self, chain, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_HOST = ""
        settings.DEFAULT_FROM_EMAIL = "bpets@agency.example"
        chain["first_line"].email = "first@agency.example"
        chain["first_line"].save()

        with django_capture_on_commit_callbacks(execute=True):
            leave_of(chain["self"], 1, 1)
        settings.EMAIL_HOST = "127.0.0.1"
        with django_capture_on_commit_callbacks(execute=True):
            # The subject has no address.
            requests.decide(
                actor=chain["first_line"],
                request_row=LeaveRequest.objects.get(),
                approve=True,
            )

        assert mail.outbox == []
        assert len(notes_of(chain["first_line"])) == 1
        assert len(notes_of(chain["self"])) == 1


class TestScheduleChanges:
    def test_a_change_is_asked_decided_and_withdrawn_like_leave(self, chain):
        change = requests.request_change(
            actor=chain["self"], day=day(2), wanted="DAY_OFF", remarks="Court date."
        )
        second = requests.request_change(
            actor=chain["self"], day=day(4), wanted="WORKDAY"
        )

        requests.decide(actor=chain["first_line"], request_row=change, approve=True)
        requests.withdraw(actor=chain["self"], request_row=second)

        assert notes_of(chain["first_line"])[0] == (
            f"Subject Tester asks for a schedule change on {day(2):%Y-%m-%d}."
        )
        assert notes_of(chain["self"]) == [
            f"Your schedule change request on {day(2):%Y-%m-%d} was approved by "
            "Firstline Tester."
        ]
        change.refresh_from_db()
        second.refresh_from_db()
        assert (change.status, second.status) == ("APPROVED", "WITHDRAWN")

    def test_a_shift_needs_a_start_and_a_length(self, chain):
        with pytest.raises(ValidationError) as no_start:
            requests.request_change(actor=chain["self"], day=day(2), wanted="SHIFT")
        with pytest.raises(ValidationError) as too_long:
            requests.request_change(
                actor=chain["self"],
                day=day(2),
                wanted="SHIFT",
                shift_start_time="22:00",
                shift_length_minutes=17 * 60,
            )

        assert no_start.value.message_dict == {
            "shift_start_time": ["Give the shift's start time."]
        }
        assert too_long.value.message_dict == {
            "shift_length_minutes": ["A shift lasts from 1 to 16 hours."]
        }
        assert not ScheduleChangeRequest.objects.exists()

    def test_a_second_change_of_the_same_day_is_refused(self, chain):
        requests.request_change(actor=chain["self"], day=day(2), wanted="DAY_OFF")

        with pytest.raises(ValidationError, match="already have a schedule change"):
            requests.request_change(actor=chain["self"], day=day(2), wanted="WORKDAY")


def test_a_shift_at_a_time_the_clocks_skip_is_refused(make_user, units):
    from staffing.models import Employee

    # Ysleta keeps Mountain Time with daylight saving: on 14 March 2027 the
    # clocks go from 02:00 to 03:00.
    user = make_user("yslagent", home="ysleta")
    Employee.objects.create(
        user=user,
        first_name="Ysl",
        last_name="Agent",
        job_title="Border Patrol Agent",
        duty_station=units["ysleta"],
        work_street="700 Station Road",
        work_city="El Paso",
        work_state="TX",
        work_zip="79907",
    )

    with pytest.raises(ValidationError) as refusal:
        requests.request_change(
            actor=user,
            day=date(2027, 3, 14),
            wanted="SHIFT",
            shift_start_time=time(2, 30),
            shift_length_minutes=600,
        )

    assert refusal.value.message_dict == {
        "shift_start_time": [
            "02:30 does not exist on 2027-03-14 at this station: the clocks go "
            "forward then."
        ]
    }
    assert not ScheduleChangeRequest.objects.exists()
