"""Operations orders are kept 20 years after they close."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from operations_orders import services
from operations_orders.models import CostLine, Order, Revision
from security import retention
from security.retention import engine
from security.retention.services import place_hold
from tests.security.retention_helpers import TODAY, history_rows_holding

pytestmark = pytest.mark.django_db

# TODAY is 2030-06-15: twenty years back is 2010-06-15.
LAST_DAY_KEPT = date(2010, 6, 15)
FIRST_DAY_PURGED = date(2010, 6, 14)


def closed_on(day, draft, author, approver, name):
    order = draft(name=name, starts_on=date(2010, 1, 1), ends_on=date(2010, 1, 31))
    services.submit_order(actor=author, order=order)
    services.approve_order(actor=approver, order=order)
    services.activate_order(actor=author, order=order)
    services.close_order(
        actor=author,
        order=order,
        after_action=f"After action of {name}.",
        actuals=[services.CostEntry("FUEL", "Fuel", Decimal("10.00"))],
    )
    # Closed long ago: the day moved back, as a correction with its history.
    order.closed_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    order._history_user = author
    order.save()
    return order


def test_the_rule_is_declared_with_its_period():
    rule = retention.get("operations_orders.closed_orders")

    assert [str(source.period) for source in rule.sources] == ["20 years"]


def test_closed_orders_go_twenty_years_on_with_their_history_unless_held(
    draft, author, approver, make_user, give
):
    records = make_user("records1")
    give(records, "security", "records_administrator", "headquarters")
    kept = closed_on(LAST_DAY_KEPT, draft, author, approver, "Operation Kept")
    gone = closed_on(FIRST_DAY_PURGED, draft, author, approver, "Operation Gone")
    held = closed_on(FIRST_DAY_PURGED, draft, author, approver, "Operation Held")
    place_hold(actor=records, record=held, reason="Claim 2030-07.")
    still_open = draft(name="Operation Open", starts_on=date(2001, 1, 1))

    run = engine.run(today=TODAY)

    assert run.counts()["operations_orders.closed_orders"] == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    assert set(Order.objects.values_list("pk", flat=True)) == {
        kept.pk,
        held.pk,
        still_open.pk,
    }
    assert not Revision.objects.filter(order_id=gone.pk).exists()
    assert not CostLine.objects.filter(order_id=gone.pk).exists()
    assert not Order.history.filter(id=gone.pk).exists()
    assert not Revision.history.filter(order_id=gone.pk).exists()
    assert not CostLine.history.filter(order_id=gone.pk).exists()
    assert history_rows_holding("After action of Operation Gone.") == []
    assert history_rows_holding("After action of Operation Kept.") != []

    second = engine.run(today=TODAY)
    assert second.counts()["operations_orders.closed_orders"]["purged"] == 0
