"""Proposing, accepting, declining, cancelling and cutting short a detail."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bpets.models import Notification
from scheduling import details
from scheduling.models import Detail, DetailSide, DetailStatus
from security.models import AuditEvent


@pytest.fixture
def subject(people):
    return people["subject"]


def propose(actor, subject, units, template=None, first=17, last=20):
    return details.propose(
        actor=actor,
        employee=subject,
        gaining_station=units["ajo"],
        first_day=date(2026, 1, first),
        last_day=date(2026, 1, last),
        purpose="Staffing the Ajo checkpoint",
        shift_template=template,
    )


def texts(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("pk")
        .values_list("text", flat=True)
    )


def denials(actor, action) -> int:
    return AuditEvent.objects.filter(
        kind="denied", actor_id=actor.pk, details__action=action
    ).count()


class TestBothWays:
    def test_proposed_by_the_home_side_accepted_by_the_gaining_side(
        self, units, subject, supervisor, ajo_supervisor, ajo_days
    ):
        detail = propose(supervisor, subject, units)

        assert detail.status == DetailStatus.PROPOSED
        assert detail.proposed_side == DetailSide.HOME
        assert detail.home_station == units["nogales"]
        assert texts(ajo_supervisor) == [
            "Firstline Tester proposes a detail of Subject Tester from Nogales to "
            "Ajo from 2026-01-17 to 2026-01-20: Staffing the Ajo checkpoint"
        ]

        details.decide(
            actor=ajo_supervisor, detail=detail, accept=True, shift_template=ajo_days
        )

        detail.refresh_from_db()
        assert detail.status == DetailStatus.ACCEPTED
        assert detail.decided_by == ajo_supervisor
        assert detail.shift_template == ajo_days
        accepted = (
            "The detail of Subject Tester from Nogales to Ajo from 2026-01-17 to "
            "2026-01-20 was accepted by Ajochief Tester."
        )
        assert texts(supervisor) == [accepted]
        assert texts(subject.user) == [accepted]
        steps = [
            (record.history_change_reason, record.history_user)
            for record in detail.history.order_by("history_id")
        ]
        assert steps == [("proposed", supervisor), ("accepted", ajo_supervisor)]

    def test_proposed_by_the_gaining_side_accepted_by_the_home_side(
        self, units, subject, supervisor, ajo_supervisor, ajo_days
    ):
        detail = propose(ajo_supervisor, subject, units, template=ajo_days)
        assert detail.proposed_side == DetailSide.GAINING
        assert len(texts(supervisor)) == 1

        details.decide(actor=supervisor, detail=detail, accept=True)

        detail.refresh_from_db()
        assert detail.status == DetailStatus.ACCEPTED
        assert detail.decided_by == supervisor
        assert "was accepted by Firstline Tester" in texts(ajo_supervisor)[0]

    def test_the_gaining_side_names_the_shift_when_it_proposes(
        self, units, subject, ajo_supervisor
    ):
        with pytest.raises(ValidationError) as refused:
            propose(ajo_supervisor, subject, units)
        assert "shift_template" in refused.value.message_dict
        assert not Detail.objects.exists()

    def test_accepting_without_a_shift_of_the_gaining_station_is_refused(
        self, units, subject, supervisor, ajo_supervisor, templates
    ):
        detail = propose(supervisor, subject, units)
        with pytest.raises(ValidationError):
            details.decide(actor=ajo_supervisor, detail=detail, accept=True)
        with pytest.raises(ValidationError):
            details.decide(
                actor=ajo_supervisor,
                detail=detail,
                accept=True,
                shift_template=templates["days"],  # Nogales's, not Ajo's
            )
        detail.refresh_from_db()
        assert detail.status == DetailStatus.PROPOSED

    def test_declined_with_a_reason(self, units, subject, supervisor, ajo_supervisor):
        detail = propose(supervisor, subject, units)
        with pytest.raises(ValidationError):
            details.decide(actor=ajo_supervisor, detail=detail, accept=False)

        details.decide(
            actor=ajo_supervisor, detail=detail, accept=False, reason="Full already"
        )

        detail.refresh_from_db()
        assert (detail.status, detail.decline_reason) == ("DECLINED", "Full already")
        assert texts(supervisor)[-1].endswith(
            "was declined by Ajochief Tester: Full already"
        )


class TestWhoMay:
    def test_nobody_accepts_their_own(
        self, units, subject, supervisor, ajo_supervisor, ajo_days
    ):
        detail = propose(supervisor, subject, units)
        with pytest.raises(PermissionDenied):
            details.decide(actor=supervisor, detail=detail, accept=True)
        assert denials(supervisor, "decide own detail") == 1

        mine = propose(ajo_supervisor, subject, units, ajo_days, first=21, last=22)
        with pytest.raises(PermissionDenied):
            details.decide(
                actor=ajo_supervisor, detail=mine, accept=True, shift_template=ajo_days
            )
        assert denials(ajo_supervisor, "decide own detail") == 1

    def test_a_sector_supervisor_does_not_accept_what_they_proposed(
        self, units, subject, make_user, give, ajo_days
    ):
        sector = make_user("sectorchief", home="tucson")
        give(sector, "scheduling", "supervisor", "tucson")
        detail = propose(sector, subject, units)
        with pytest.raises(PermissionDenied):
            details.decide(
                actor=sector, detail=detail, accept=True, shift_template=ajo_days
            )
        assert Detail.objects.get().status == "PROPOSED"

    def test_the_person_does_not_accept_their_own_detail(
        self, units, subject, people, give, supervisor, ajo_days
    ):
        give(people["self"], "scheduling", "supervisor", "ajo")
        detail = propose(supervisor, subject, units)
        with pytest.raises(PermissionDenied):
            details.decide(
                actor=people["self"],
                detail=detail,
                accept=True,
                shift_template=ajo_days,
            )
        assert denials(people["self"], "decide own detail") == 1

    def test_the_same_side_does_not_accept(
        self, units, subject, supervisor, people, give, ajo_days
    ):
        give(people["peer"], "scheduling", "supervisor", "nogales")
        detail = propose(supervisor, subject, units)
        with pytest.raises(PermissionDenied):
            details.decide(
                actor=people["peer"],
                detail=detail,
                accept=True,
                shift_template=ajo_days,
            )
        assert denials(people["peer"], "decide detail") == 1

    def test_another_stations_supervisor_is_refused_and_audited(
        self, units, subject, supervisor, far_supervisor, ajo_supervisor, ajo_days
    ):
        with pytest.raises(PermissionDenied):
            propose(far_supervisor, subject, units, ajo_days)
        assert denials(far_supervisor, "propose detail") == 1

        detail = propose(supervisor, subject, units)
        with pytest.raises(PermissionDenied):
            details.decide(
                actor=far_supervisor,
                detail=detail,
                accept=True,
                shift_template=ajo_days,
            )
        with pytest.raises(PermissionDenied):
            details.cancel(actor=far_supervisor, detail=detail, reason="No")
        details.decide(
            actor=ajo_supervisor, detail=detail, accept=True, shift_template=ajo_days
        )
        with pytest.raises(PermissionDenied):
            details.cut_short(
                actor=far_supervisor,
                detail=detail,
                last_day=date(2026, 1, 18),
                reason="No",
            )
        assert denials(far_supervisor, "decide detail") == 1
        assert denials(far_supervisor, "cancel detail") == 1
        assert denials(far_supervisor, "cut detail short") == 1
        detail.refresh_from_db()
        assert (detail.status, detail.last_day) == ("ACCEPTED", date(2026, 1, 20))

    def test_nobody_details_themselves(self, units, subject, people, give):
        give(people["self"], "scheduling", "supervisor", "nogales")
        with pytest.raises(PermissionDenied):
            propose(people["self"], subject, units)
        assert denials(people["self"], "propose own detail") == 1


class TestEnding:
    @pytest.fixture
    def accepted(self, units, subject, supervisor, ajo_supervisor, ajo_days):
        detail = propose(supervisor, subject, units)
        return details.decide(
            actor=ajo_supervisor, detail=detail, accept=True, shift_template=ajo_days
        )

    def test_either_side_cancels_with_a_reason(
        self, accepted, ajo_supervisor, supervisor
    ):
        with pytest.raises(ValidationError):
            details.cancel(actor=ajo_supervisor, detail=accepted, reason=" ")
        details.cancel(actor=ajo_supervisor, detail=accepted, reason="Not needed")

        accepted.refresh_from_db()
        assert accepted.status == "CANCELLED"
        assert accepted.cancelled_by == ajo_supervisor
        assert texts(supervisor)[-1].endswith(
            "was cancelled by Ajochief Tester: Not needed"
        )
        with pytest.raises(details.DetailRefused):
            details.cancel(actor=supervisor, detail=accepted, reason="Again")

    def test_cut_short_to_a_day_within_it(self, accepted, supervisor):
        for bad_day in (date(2026, 1, 16), date(2026, 1, 20), date(2026, 1, 21)):
            with pytest.raises(ValidationError):
                details.cut_short(
                    actor=supervisor, detail=accepted, last_day=bad_day, reason="Back"
                )
        details.cut_short(
            actor=supervisor, detail=accepted, last_day=date(2026, 1, 18), reason="Back"
        )

        accepted.refresh_from_db()
        assert (accepted.first_day, accepted.last_day) == (
            date(2026, 1, 17),
            date(2026, 1, 18),
        )
        assert accepted.planned_last_day == date(2026, 1, 20)
        assert accepted.is_cut_short and accepted.end_reason == "Back"


class TestOverlap:
    def test_a_second_proposal_over_the_same_days_is_refused(
        self, units, subject, supervisor
    ):
        propose(supervisor, subject, units)
        with pytest.raises(ValidationError) as refused:
            propose(supervisor, subject, units, first=20, last=23)
        assert "already has a proposed detail to Ajo from 2026-01-17 to " in str(
            refused.value
        )
        assert Detail.objects.count() == 1

    def test_accepting_over_an_accepted_detail_is_refused(
        self, units, subject, supervisor, ajo_supervisor, ajo_days
    ):
        first = propose(supervisor, subject, units)
        second = propose(supervisor, subject, units, first=25, last=27)
        # The first is moved onto the second's days behind the service's back.
        Detail.objects.filter(pk=second.pk).update(
            first_day=date(2026, 1, 19), last_day=date(2026, 1, 22)
        )
        second.refresh_from_db()
        details.decide(
            actor=ajo_supervisor, detail=first, accept=True, shift_template=ajo_days
        )
        with pytest.raises(ValidationError):
            details.decide(
                actor=ajo_supervisor,
                detail=second,
                accept=True,
                shift_template=ajo_days,
            )
        second.refresh_from_db()
        assert second.status == "PROPOSED"

    def test_the_database_refuses_two_accepted_overlapping_details(
        self, units, subject, supervisor, ajo_supervisor, ajo_days
    ):
        first = propose(supervisor, subject, units)
        details.decide(
            actor=ajo_supervisor, detail=first, accept=True, shift_template=ajo_days
        )
        first.refresh_from_db()
        values = {
            field: getattr(first, field)
            for field in (
                "employee",
                "home_station",
                "gaining_station",
                "purpose",
                "shift_template",
                "proposed_by",
                "proposed_side",
                "decided_by",
                "decided_at",
            )
        }
        with pytest.raises(IntegrityError), transaction.atomic():
            Detail.objects.create(
                **values,
                status="ACCEPTED",
                first_day=date(2026, 1, 20),
                last_day=date(2026, 1, 21),
                planned_last_day=date(2026, 1, 21),
            )
        # The day after is free; a declined one may overlap.
        Detail.objects.create(
            **values,
            status="ACCEPTED",
            first_day=date(2026, 1, 21),
            last_day=date(2026, 1, 21),
            planned_last_day=date(2026, 1, 21),
        )
        Detail.objects.create(
            **values,
            status="DECLINED",
            decline_reason="No",
            first_day=date(2026, 1, 17),
            last_day=date(2026, 1, 17),
            planned_last_day=date(2026, 1, 17),
        )
        assert Detail.objects.count() == 3
