"""The operations orders module's part of the records retention schedule.

A closed order (its revisions, its cost lines, and the history of each) is
kept 20 years after it closed. An order not yet closed is never due.
"""

from operations_orders.models import CostLine, Order, Revision
from security import retention
from security.retention import Period, Rule, Source


def _closed_before(cutoff):
    return Order.objects.filter(status="CLOSED", closed_at__date__lt=cutoff)


def _purge(primary_keys) -> int:
    # Deleting writes one more history row of each record, removed with
    # the rest: nothing of the order is left in a history table.
    purged = Order.objects.filter(pk__in=primary_keys).delete()[1]
    CostLine.history.filter(order_id__in=primary_keys).delete()
    Revision.history.filter(order_id__in=primary_keys).delete()
    Order.history.filter(id__in=primary_keys).delete()
    return purged.get(Order._meta.label, 0)


CLOSED_ORDERS = Rule(
    code="operations_orders.closed_orders",
    title="Operations orders",
    records=(
        "An operations order with its revisions, estimated and actual cost and "
        "after-action summary, and the history of each."
    ),
    runs_from="The order is closed (the day of its after-action summary).",
    sources=(
        Source(
            "Agency schedule, operations planning records",
            Period(years=20),
            "Operations orders: destroy 20 years after the operation is closed.",
        ),
    ),
    due=_closed_before,
    purge=_purge,
    kind="operations order",
    batch_size=100,
)


def register_rules() -> None:
    retention.register(CLOSED_ORDERS)
