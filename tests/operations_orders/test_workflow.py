"""An order from draft to closed, each step by the one entitled to it."""

from decimal import Decimal

import pytest

from operations_orders import services
from operations_orders.models import CostKind, Order, OrderStatus
from security.models import AuditEvent
from tests.operations_orders.conftest import PARAGRAPHS

pytestmark = pytest.mark.django_db


def denied(actor):
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED, actor_id=actor.pk)


class TestTheDraft:
    def test_it_is_numbered_in_its_sector_and_written_by_the_employee(
        self, draft, author
    ):
        first, second = draft(), draft(name="Operation Quiet Ridge")

        assert first.number.startswith("TCA-")
        assert first.number.endswith("-0001")
        assert second.number.endswith("-0002")
        assert first.author.user == author
        assert first.status == OrderStatus.DRAFT
        assert first.revisions.get().number == 1

    def test_a_user_without_the_author_role_there_is_refused(
        self, draft, el_paso_approver
    ):
        with pytest.raises(services.OrderRefused, match="Only an author over"):
            draft(actor=el_paso_approver)

        assert not Order.objects.exists()
        assert denied(el_paso_approver).count() == 1

    def test_a_station_of_another_sector_is_refused(self, draft, units, give, author):
        give(author, "operations_orders", "author", "headquarters")

        with pytest.raises(services.OrderRefused, match="Ysleta Station is not in"):
            draft(station=units["ysleta"])

    def test_every_paragraph_is_needed(self, draft):
        with pytest.raises(services.OrderRefused) as refusal:
            draft(paragraphs={**PARAGRAPHS, "mission": "  "})

        assert refusal.value.fields == {"mission": "Write the mission paragraph."}


class TestApproval:
    def test_the_path_to_closed_records_who_and_when(self, draft, author, approver):
        order = draft()

        services.submit_order(actor=author, order=order)
        services.approve_order(actor=approver, order=order)
        services.activate_order(actor=author, order=order)
        services.close_order(
            actor=author,
            order=order,
            after_action="Forty-one crossings stopped; three rescues.",
            actuals=[services.CostEntry("FUEL", "Fuel", Decimal("2100.00"))],
        )

        order.refresh_from_db()
        assert order.status == OrderStatus.CLOSED
        assert order.submitted_at <= order.decided_at <= order.activated_at
        assert order.activated_at <= order.closed_at
        assert order.decided_by == approver
        assert (order.activated_by, order.closed_by) == (author, author)
        steps = [
            (record.history_change_reason, record.status, record.history_user)
            for record in order.history.order_by("history_date", "history_id")
        ]
        assert steps == [
            ("Drafted", "DRAFT", author),
            ("Submitted for approval", "SUBMITTED", author),
            ("Approved", "APPROVED", approver),
            ("Active", "ACTIVE", author),
            ("Closed with the after-action summary", "CLOSED", author),
        ]

    def test_an_approver_over_another_sector_is_refused(
        self, draft, author, el_paso_approver
    ):
        order = draft()
        services.submit_order(actor=author, order=order)

        with pytest.raises(
            services.OrderRefused,
            match="Only an approver over Tucson Sector approves or returns",
        ):
            services.approve_order(actor=el_paso_approver, order=order)

        order.refresh_from_db()
        assert order.status == OrderStatus.SUBMITTED
        assert denied(el_paso_approver).get().details == {
            "action": "operations_orders.approve",
            "sector": order.sector_id,
        }

    def test_an_approver_over_the_station_only_is_refused(
        self, draft, author, make_user, give
    ):
        station_approver = make_user("stationapprover")
        give(station_approver, "operations_orders", "approver", "nogales")
        order = draft()
        services.submit_order(actor=author, order=order)

        with pytest.raises(services.OrderRefused, match="Only an approver over"):
            services.approve_order(actor=station_approver, order=order)

    def test_the_author_is_refused_as_approver_even_holding_the_role(
        self, draft, author, give
    ):
        give(author, "operations_orders", "approver", "tucson")
        order = draft()
        services.submit_order(actor=author, order=order)

        with pytest.raises(
            services.OrderRefused, match="The author of an order cannot approve"
        ):
            services.approve_order(actor=author, order=order)
        with pytest.raises(services.OrderRefused):
            services.return_order(actor=author, order=order, comments="Fine.")

        order.refresh_from_db()
        assert order.status == OrderStatus.SUBMITTED

    def test_a_returned_order_is_rewritten_and_submitted_again(
        self, draft, author, approver
    ):
        order = draft()
        services.submit_order(actor=author, order=order)

        services.return_order(
            actor=approver, order=order, comments="Add the air support plan."
        )
        order.refresh_from_db()
        assert order.status == OrderStatus.RETURNED
        assert order.return_comments == "Add the air support plan."

        services.update_draft(
            actor=author,
            order=order,
            station=order.station,
            name=order.name,
            purpose=order.purpose,
            starts_on=order.starts_on,
            ends_on=order.ends_on,
            paragraphs={**PARAGRAPHS, "execution": "Air support on call."},
            estimates=[],
        )
        services.submit_order(actor=author, order=order)
        services.approve_order(actor=approver, order=order)

        order.refresh_from_db()
        assert order.status == OrderStatus.APPROVED
        assert order.revisions.get().execution == "Air support on call."
        assert order.return_comments == ""

    def test_a_return_needs_comments(self, draft, author, approver):
        order = draft()
        services.submit_order(actor=author, order=order)

        with pytest.raises(services.OrderRefused, match="Say what the author"):
            services.return_order(actor=approver, order=order, comments=" ")

    def test_only_an_approved_order_becomes_active(self, draft, author, approver):
        order = draft()
        services.submit_order(actor=author, order=order)

        with pytest.raises(
            services.OrderRefused,
            match="submitted for approval; it can be made active only when approved",
        ):
            services.activate_order(actor=approver, order=order)

        order.refresh_from_db()
        assert order.status == OrderStatus.SUBMITTED

    def test_a_submitted_order_is_no_longer_changed_by_its_author(self, draft, author):
        order = draft()
        services.submit_order(actor=author, order=order)

        with pytest.raises(services.OrderRefused, match="Only the author changes"):
            services.update_draft(
                actor=author,
                order=order,
                station=None,
                name="Renamed",
                purpose=order.purpose,
                starts_on=order.starts_on,
                ends_on=order.ends_on,
                paragraphs=PARAGRAPHS,
                estimates=[],
            )


class TestAmendmentsAndClosing:
    def test_an_amendment_adds_a_revision_and_keeps_the_older(self, active, author):
        services.amend_order(
            actor=author,
            order=active,
            paragraphs={**PARAGRAPHS, "execution": "A third team covers zone 16."},
            estimates=[services.CostEntry("OVERTIME", "Overtime", Decimal("30000"))],
            reason="Traffic moved to zone 16.",
        )

        first, second = active.revisions.order_by("number")
        assert (first.number, second.number) == (1, 2)
        assert first.execution == PARAGRAPHS["execution"]
        assert second.execution == "A third team covers zone 16."
        assert second.reason == "Traffic moved to zone 16."
        assert first.cost_lines.count() == 4
        assert [line.amount for line in second.cost_lines.all()] == [Decimal("30000")]
        assert active.history.first().history_change_reason == "Amended: revision 2"

    def test_an_amendment_needs_its_reason_and_an_active_order(
        self, draft, active, author
    ):
        with pytest.raises(services.OrderRefused, match="Say why the order"):
            services.amend_order(
                actor=author,
                order=active,
                paragraphs=PARAGRAPHS,
                estimates=[],
                reason="",
            )
        with pytest.raises(
            services.OrderRefused, match="it can be amended only when active"
        ):
            services.amend_order(
                actor=author,
                order=draft(),
                paragraphs=PARAGRAPHS,
                estimates=[],
                reason="Why not.",
            )

        assert active.revisions.count() == 1

    def test_closing_needs_the_after_action_summary(self, active, approver):
        with pytest.raises(services.OrderRefused) as refusal:
            services.close_order(
                actor=approver, order=active, after_action="", actuals=[]
            )

        assert refusal.value.fields == {
            "after_action": "Write the after-action summary."
        }
        active.refresh_from_db()
        assert active.status == OrderStatus.ACTIVE

    def test_the_actual_cost_is_kept_apart_from_the_estimate(self, active, approver):
        services.close_order(
            actor=approver,
            order=active,
            after_action="Done as planned.",
            actuals=[services.CostEntry("OTHER", "Radios", Decimal("99.99"))],
        )

        actual = active.cost_lines.get(kind=CostKind.ACTUAL)
        assert (actual.revision, actual.amount) == (None, Decimal("99.99"))
        assert active.cost_lines.filter(kind=CostKind.ESTIMATED).count() == 4
