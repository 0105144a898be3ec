"""Cost totals per category and overall, estimated and actual."""

from decimal import Decimal

import pytest

from operations_orders import selectors, services
from tests.operations_orders.conftest import PARAGRAPHS

pytestmark = pytest.mark.django_db


def test_the_estimate_is_totalled_per_category_and_overall(draft):
    order = draft()

    table = selectors.estimated_costs(selectors.current_revision(order))

    # 18,400.00 + 1,600.50 overtime; fuel and travel one line each.
    assert table.rows == [
        ("Overtime", Decimal("20000.50")),
        ("Travel and per diem", Decimal("830.00")),
        ("Fuel", Decimal("2650.25")),
        ("Equipment", Decimal("0.00")),
        ("Other", Decimal("0.00")),
    ]
    assert table.total == Decimal("23480.75")


def test_an_amendment_has_its_own_estimate_and_the_first_keeps_its(active, author):
    services.amend_order(
        actor=author,
        order=active,
        paragraphs=PARAGRAPHS,
        estimates=[
            services.CostEntry("EQUIPMENT", "Beacons", Decimal("4125.10")),
            services.CostEntry("EQUIPMENT", "Batteries", Decimal("74.90")),
        ],
        reason="Rescue beacons added.",
    )

    first, second = selectors.revisions_of(active)
    assert selectors.estimated_costs(first).total == Decimal("23480.75")
    amended = selectors.estimated_costs(second)
    assert amended.by_category["EQUIPMENT"] == Decimal("4200.00")
    assert amended.total == Decimal("4200.00")


def test_a_negative_amount_is_refused(draft):
    with pytest.raises(services.OrderRefused, match="Cost line 1: the amount"):
        draft(estimates=[services.CostEntry("FUEL", "Refund", Decimal("-5"))])
