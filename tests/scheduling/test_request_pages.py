"""The request pages: asking, deciding in place, each request's history."""

import pytest
from django.urls import reverse

from scheduling import requests
from scheduling.models import LeaveRequest
from security.models import AuditEvent, User
from tests.scheduling.request_helpers import day, leave_of

pytestmark = pytest.mark.django_db

NEW_LEAVE = reverse("scheduling:new-leave-request")
TO_DECIDE = reverse("scheduling:requests-to-decide")


def leave_form(**changes):
    values = {
        "leave_type": "ANNUAL",
        "first_day": day(1).isoformat(),
        "last_day": day(2).isoformat(),
        "hours": "16",
        "remarks": "Family visit.",
    }
    values.update(changes)
    return values


def step_url(leave):
    return reverse("scheduling:leave-request-step", args=[leave.pk])


def test_everyone_finds_their_requests_on_the_scheduling_landing(client, chain):
    client.force_login(chain["self"])

    page = client.get(reverse("scheduling:index")).content.decode()

    assert reverse("scheduling:my-requests") in page
    assert TO_DECIDE not in page
    assert reverse("scheduling:reference-stations") not in page


def test_a_supervisor_finds_the_requests_to_decide_there(client, chain):
    client.force_login(chain["first_line"])

    page = client.get(reverse("scheduling:index")).content.decode()

    assert TO_DECIDE in page


def test_asking_for_leave_leads_to_the_request_and_its_history(client, chain):
    client.force_login(chain["self"])

    response = client.post(NEW_LEAVE, leave_form(), follow=True)

    leave = LeaveRequest.objects.get()
    assert response.redirect_chain == [
        (reverse("scheduling:leave-request", args=[leave.pk]), 302)
    ]
    page = response.content.decode()
    assert "Annual leave, 16 hours" in page
    assert "Family visit." in page
    assert "Requested" in page and "Subject Tester" in page
    mine = client.get(reverse("scheduling:my-requests")).content.decode()
    assert f"{day(1):%Y-%m-%d} to {day(2):%Y-%m-%d}" in mine


def test_the_form_refuses_absence_without_leave_and_keeps_what_was_typed(client, chain):
    client.force_login(chain["self"])

    response = client.post(NEW_LEAVE, leave_form(leave_type="AWOL"))

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Choose one of the types listed: absence without leave is charged by a "
        "supervisor, never requested."
    ) in page
    assert "Family visit." in page
    assert 'value="16"' in page
    assert not LeaveRequest.objects.exists()


def test_the_form_says_which_leave_overlaps(client, chain):
    leave_of(chain["self"], 2, 3)
    client.force_login(chain["self"])

    response = client.post(NEW_LEAVE, leave_form())

    assert response.status_code == 400
    assert "which overlaps these days" in response.content.decode()
    assert LeaveRequest.objects.count() == 1


def test_a_supervisor_approves_in_place(client, chain):
    leave = leave_of(chain["self"], 1, 1)
    client.force_login(chain["first_line"])
    listing = client.get(TO_DECIDE).content.decode()
    assert "Subject Tester: Annual leave, 8 hours" in listing

    response = client.post(
        step_url(leave), {"action": "approve", "reason": ""}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "Approved: the request was approved." in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == "APPROVED"
    assert "No requests are waiting for you." in client.get(TO_DECIDE).content.decode()


def test_a_denial_without_a_reason_is_refused_in_place(client, chain):
    leave = leave_of(chain["self"], 1, 1)
    client.force_login(chain["first_line"])

    response = client.post(
        step_url(leave), {"action": "deny", "reason": "  "}, HTTP_HX_REQUEST="true"
    )

    assert "Say why it is denied, for the person." in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == "PENDING"


def test_the_peer_sees_nothing_to_decide_and_not_the_request(client, chain):
    leave = leave_of(chain["self"], 1, 1)
    client.force_login(chain["peer"])

    listing = client.get(TO_DECIDE).content.decode()
    response = client.get(reverse("scheduling:leave-request", args=[leave.pk]))

    assert "No requests are waiting for you." in listing
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.DENIED,
        actor_id=chain["peer"].pk,
        details__action="see request",
    ).exists()


def test_a_supervisor_posting_a_decision_on_their_own_leave_is_refused(client, chain):
    own = leave_of(chain["first_line"], 1, 1)
    client.force_login(chain["first_line"])

    response = client.post(step_url(own), {"action": "approve"})

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == "PENDING"


def test_the_person_withdraws_from_the_request_page(client, chain):
    leave = leave_of(chain["self"], 1, 1)
    client.force_login(chain["self"])
    page = client.get(reverse("scheduling:leave-request", args=[leave.pk]))
    assert 'value="withdraw"' in page.content.decode()

    response = client.post(step_url(leave), {"action": "withdraw"}, follow=True)

    assert "The request was withdrawn." in response.content.decode()
    assert LeaveRequest.objects.get().status == "WITHDRAWN"


def test_an_empty_step_changes_nothing(client, chain):
    leave = leave_of(chain["self"], 1, 1)
    client.force_login(chain["self"])

    response = client.post(step_url(leave), follow=True)

    assert "Choose what to do with the request." in response.content.decode()
    assert LeaveRequest.objects.get().status == "PENDING"


def test_a_schedule_change_is_asked_for_a_shift(client, chain):
    client.force_login(chain["self"])

    response = client.post(
        reverse("scheduling:new-change-request"),
        {
            "day": day(2).isoformat(),
            "wanted": "SHIFT",
            "shift_start_time": "22:00",
            "shift_hours": "10",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "A shift from 22:00 for 10 hours" in page
    change = chain["subject"].schedule_change_requests.get()
    assert change.shift_length_minutes == 600
    requests.decide(actor=chain["first_line"], request_row=change, approve=True)


def test_the_list_to_decide_costs_the_same_with_four_times_the_requests(
    client, chain, units
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from staffing.models import Employee

    supervisor = chain["first_line"].employee

    def add(count):
        for number in range(count):
            user = User.objects.create_user(f"sub{Employee.objects.count()}")
            person = Employee.objects.create(
                user=user,
                first_name="Sub",
                last_name=f"Ordinate{number}",
                job_title="Border Patrol Agent",
                duty_station=units["nogales"],
                supervisor=supervisor,
                work_street="1 Station Road",
                work_city="Nogales",
                work_state="AZ",
                work_zip="85621",
            )
            leave_of(person.user, 1, 1)
            requests.request_change(actor=person.user, day=day(3), wanted="DAY_OFF")

    def queries():
        client.force_login(chain["first_line"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(TO_DECIDE)
        assert response.status_code == 200
        return len(captured), response.content.decode().count(
            "usa-summary-box__heading"
        )

    add(2)
    with_four = queries()
    add(6)
    with_sixteen = queries()

    assert (with_four[1], with_sixteen[1]) == (4, 16)
    assert with_four[0] == with_sixteen[0]
