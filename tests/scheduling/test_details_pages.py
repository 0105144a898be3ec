"""The detail pages: proposing, accepting through the page, and refusals."""

from datetime import date

from django.urls import reverse

from bpets.models import Notification
from scheduling.models import Detail, ScheduleCell
from security.models import AuditEvent


def test_propose_on_the_page_and_accept_on_the_other_side(
    client, units, people, supervisor, ajo_supervisor, ajo_days, schedule
):
    client.force_login(supervisor)
    form = client.get(reverse("scheduling:new-detail")).content.decode()
    assert "Tester, Subject (Nogales Station" in form

    response = client.post(
        reverse("scheduling:new-detail"),
        {
            "employee": people["subject"].pk,
            "gaining_station": units["ajo"].pk,
            "first_day": "2026-01-17",
            "last_day": "2026-01-20",
            "purpose": "Checkpoint staffing",
        },
    )
    detail = Detail.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:detail", args=[detail.pk])

    client.force_login(ajo_supervisor)
    listed = client.get(reverse("scheduling:details")).content.decode()
    assert reverse("scheduling:detail", args=[detail.pk]) in listed
    page = client.get(reverse("scheduling:detail", args=[detail.pk])).content.decode()
    assert 'value="accept"' in page and "Ajo: Days (07:00)" in page

    client.post(
        reverse("scheduling:detail-step", args=[detail.pk]),
        {"action": "accept", "shift_template": ajo_days.pk},
    )
    detail.refresh_from_db()
    assert detail.status == "ACCEPTED"
    assert ScheduleCell.objects.filter(detail=detail).count() == 4
    assert Notification.objects.filter(recipient=supervisor).count() == 1


def test_a_rejected_proposal_keeps_what_was_typed(client, units, people, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("scheduling:new-detail"),
        {
            "employee": people["subject"].pk,
            "gaining_station": units["ajo"].pk,
            "first_day": "2026-01-20",
            "last_day": "2026-01-17",
            "purpose": "Checkpoint staffing",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The last day is before the first." in text
    assert "Checkpoint staffing" in text
    assert not Detail.objects.exists()


def test_without_a_scheduling_role_nobody_proposes(client, people):
    client.force_login(people["self"])
    assert client.get(reverse("scheduling:new-detail")).status_code == 403
    assert AuditEvent.objects.filter(kind="denied", actor_id=people["self"].pk).exists()


def test_another_stations_supervisor_gets_a_404_audited(
    client, units, people, supervisor, far_supervisor
):
    from scheduling import details

    detail = details.propose(
        actor=supervisor,
        employee=people["subject"],
        gaining_station=units["ajo"],
        first_day=date(2026, 1, 17),
        last_day=date(2026, 1, 20),
        purpose="Checkpoint staffing",
    )
    client.force_login(far_supervisor)
    assert client.get(reverse("scheduling:detail", args=[detail.pk])).status_code == 404
    step = client.post(
        reverse("scheduling:detail-step", args=[detail.pk]), {"action": "cancel"}
    )
    assert step.status_code == 404
    assert (
        AuditEvent.objects.filter(kind="denied", actor_id=far_supervisor.pk).count()
        == 2
    )
    detail.refresh_from_db()
    assert detail.status == "PROPOSED"
