"""Reads of operations orders, already narrowed to what the user may see."""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from operations_orders import policies
from operations_orders.models import (
    PARAGRAPHS,
    CostCategory,
    CostKind,
    CostLine,
    Order,
    Revision,
)
from security import audit
from security.models import OrganizationUnit


class Timing:
    PAST = "past"
    ONGOING = "ongoing"
    UPCOMING = "upcoming"
    CHOICES = [
        (PAST, "Past (ended)"),
        (ONGOING, "Ongoing"),
        (UPCOMING, "Not yet started"),
    ]


def visible_orders(user) -> QuerySet[Order]:
    return (
        Order.objects.filter(policies.visible_filter(user))
        .select_related("sector", "station", "author")
        .order_by("-starts_on", "-pk")
    )


def order_for(request, pk: int) -> Order:
    """The order, or "not found" (audited) when it is out of the user's reach."""
    order = (
        Order.objects.select_related(
            "sector", "station", "author", "decided_by", "activated_by", "closed_by"
        )
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404("No such order.")
    if not policies.may_see(request.user, order):
        audit.record(
            audit.Kind.DENIED,
            request=request,
            target=order,
            details={"action": "operations_orders.see", "sector": order.sector_id},
        )
        raise Http404("No such order.")
    return order


def sectors_of(orders) -> QuerySet[OrganizationUnit]:
    return OrganizationUnit.objects.filter(pk__in=orders.values("sector_id")).order_by(
        "name"
    )


def writable_sectors(user) -> QuerySet[OrganizationUnit]:
    """The sectors where the user writes orders (sector-wide or a station's)."""
    units = policies.writable_units(user)
    return (
        OrganizationUnit.objects.filter(
            Q(kind=OrganizationUnit.Kind.SECTOR)
            & (Q(pk__in=units) | Q(children__pk__in=units))
        )
        .distinct()
        .order_by("name")
    )


def _text_filter(text: str) -> Q:
    in_revision = Q()
    for name in PARAGRAPHS:
        in_revision |= Q(**{f"{name}__icontains": text})
    revisions = Revision.objects.filter(in_revision, order=OuterRef("pk"))
    return (
        Q(number__icontains=text)
        | Q(name__icontains=text)
        | Q(purpose__icontains=text)
        | Q(after_action__icontains=text)
        | Exists(revisions)
    )


def filtered(
    orders,
    *,
    sector=None,
    status="",
    timing="",
    starts_from=None,
    ends_by=None,
    text="",
    today=None,
):
    """The orders matching every filter given; a date range keeps the
    orders whose days overlap it."""
    today = today or timezone.localdate()
    if sector is not None:
        orders = orders.filter(sector=sector)
    if status:
        orders = orders.filter(status=status)
    if timing == Timing.PAST:
        orders = orders.filter(ends_on__lt=today)
    elif timing == Timing.ONGOING:
        orders = orders.filter(starts_on__lte=today, ends_on__gte=today)
    elif timing == Timing.UPCOMING:
        orders = orders.filter(starts_on__gt=today)
    if starts_from is not None:
        orders = orders.filter(ends_on__gte=starts_from)
    if ends_by is not None:
        orders = orders.filter(starts_on__lte=ends_by)
    if text:
        orders = orders.filter(_text_filter(text))
    return orders


@dataclass
class CostTable:
    """Lines and totals per category, and the overall total."""

    lines: list[CostLine] = field(default_factory=list)
    by_category: "OrderedDict[str, Decimal]" = field(default_factory=OrderedDict)
    total: Decimal = Decimal("0.00")

    @property
    def rows(self) -> list[tuple[str, Decimal]]:
        return [
            (CostCategory(code).label, amount)
            for code, amount in self.by_category.items()
        ]


def cost_table(lines) -> CostTable:
    table = CostTable(
        lines=list(lines),
        by_category=OrderedDict((code, Decimal("0.00")) for code in CostCategory),
    )
    for line in table.lines:
        table.by_category[line.category] += line.amount
        table.total += line.amount
    return table


def estimated_costs(revision: Revision) -> CostTable:
    return cost_table(revision.cost_lines.filter(kind=CostKind.ESTIMATED))


def actual_costs(order: Order) -> CostTable:
    return cost_table(order.cost_lines.filter(kind=CostKind.ACTUAL))


def revisions_of(order: Order) -> list[Revision]:
    return list(
        order.revisions.select_related("written_by")
        .prefetch_related("cost_lines")
        .order_by("number")
    )


def current_revision(order: Order) -> Revision:
    return order.revisions.select_related("written_by").order_by("-number").first()


def order_history(order: Order, limit: int = 50) -> list[dict]:
    """Each recorded step of the order, newest first: when, who, what."""
    records = order.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[:limit]
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "status": record.get_status_display(),
            "reason": record.history_change_reason or "Changed",
        }
        for record in records
    ]
