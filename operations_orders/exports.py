"""The CSV of a list of operations orders: what the list shows, with totals."""

import io
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from bpets import spreadsheet
from operations_orders.models import CostKind, CostLine, Revision
from security import audit

HEADINGS = (
    "Number",
    "Operation name",
    "Sector",
    "Station",
    "Status",
    "Start date",
    "End date",
    "Revision",
    "Estimated cost (USD)",
    "Actual cost (USD)",
)
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_of(lines) -> Subquery:
    total = lines.order_by().values("kind").annotate(total=Sum("amount"))
    return Coalesce(
        Subquery(total.values("total")[:1], output_field=MONEY),
        Value(Decimal("0.00"), output_field=MONEY),
    )


def with_totals(orders):
    """Each order with its latest revision's number, its estimate and its
    actual cost, in the same query."""
    latest = Revision.objects.filter(order=OuterRef("pk")).order_by("-number")
    estimated = CostLine.objects.filter(
        revision=OuterRef("latest_revision_id"), kind=CostKind.ESTIMATED
    )
    actual = CostLine.objects.filter(order=OuterRef("pk"), kind=CostKind.ACTUAL)
    return orders.annotate(
        latest_revision_id=Subquery(latest.values("pk")[:1]),
        revision_number=Subquery(latest.values("number")[:1]),
    ).annotate(estimated_total=_sum_of(estimated), actual_total=_sum_of(actual))


def export_orders(request, orders, criteria: dict, source: str) -> str:
    """The CSV, and one audit event with how many rows and which filters."""
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(HEADINGS)
    count = 0
    for order in with_totals(orders):
        writer.writerow(
            [
                order.number,
                order.name,
                order.sector.name,
                order.station.name if order.station else "",
                order.get_status_display(),
                order.starts_on.isoformat(),
                order.ends_on.isoformat(),
                order.revision_number,
                f"{order.estimated_total:.2f}",
                f"{order.actual_total:.2f}",
            ]
        )
        count += 1

    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        details={
            "module": "operations_orders",
            "rows": count,
            # The words searched for are not kept: only that there were some.
            "filters": {
                name: True if name == "text" else getattr(value, "pk", str(value))
                for name, value in criteria.items()
            },
        },
        source=source,
    )
    return output.getvalue()
