"""The only code that changes an operations order.

Each step checks the policy first (a refusal is audited and changes
nothing), then writes in one transaction with the acting user on every
history row. The workflow:

    draft -> submitted -> approved -> active -> closed
                       -> returned -> submitted ...

An active order is amended by adding a revision; the older ones stay.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bpets import identifiers
from operations_orders import policies
from operations_orders.models import (
    PARAGRAPHS,
    CostCategory,
    CostKind,
    CostLine,
    Order,
    OrderStatus,
    Revision,
)
from security import audit
from security.models import OrganizationUnit
from staffing import policies as staffing_policies

LONGEST_TEXT = 20000
NO_PERSONAL_INFORMATION = "Orders hold no personal information: take it out."
LARGEST_AMOUNT = Decimal("9999999999.99")


class OrderRefused(Exception):
    """The step was refused as a whole; the message says why, for the user.

    ``fields`` maps a field's name to its own message, where one field is
    at fault.
    """

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}


@dataclass(frozen=True)
class CostEntry:
    category: str
    description: str
    amount: Decimal


LABELS = {
    "name": "operation name",
    "purpose": "purpose",
    "situation": "situation",
    "mission": "mission",
    "execution": "execution",
    "administration": "administration and logistics",
    "command": "command and control",
    "reason": "reason for the amendment",
    "comments": "comments",
    "after_action": "after-action summary",
}


def _refuse(actor, target, action: str, message: str, sector_id=None) -> None:
    """Audit the refusal (the target is an order unless a sector is given)."""
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=target,
        details={
            "action": action,
            "sector": target.sector_id if sector_id is None else sector_id,
        },
    )
    raise OrderRefused(message)


def _check_text(texts: dict[str, str], costs: list[CostEntry] = ()) -> None:
    """Refuse identifiers and overlong text, naming each field at fault."""
    fields = identifiers.refusals(texts, LABELS, NO_PERSONAL_INFORMATION)
    for name, text in texts.items():
        if name not in fields and len(text or "") > LONGEST_TEXT:
            fields[name] = (
                f"{LABELS[name].capitalize()} is longer than {LONGEST_TEXT} characters."
            )
    for number, cost in enumerate(costs, start=1):
        kind = identifiers.identifier_in(cost.description)
        if kind:
            fields[f"cost_{number}"] = (
                f"Cost line {number} holds what looks like {kind}. "
                f"{NO_PERSONAL_INFORMATION}"
            )
    if fields:
        raise OrderRefused(
            "The order was not saved: " + " ".join(fields.values()), fields
        )


def _check_costs(costs: list[CostEntry]) -> None:
    for number, cost in enumerate(costs, start=1):
        if cost.category not in CostCategory.values:
            raise OrderRefused(f"Cost line {number}: choose a category.")
        if not cost.description.strip():
            raise OrderRefused(f"Cost line {number}: say what the cost is for.")
        if cost.amount < 0 or cost.amount > LARGEST_AMOUNT:
            raise OrderRefused(
                f"Cost line {number}: the amount must be between 0 and "
                f"{LARGEST_AMOUNT:,}."
            )


def _check_paragraphs(paragraphs: dict[str, str]) -> None:
    missing = {
        name: f"Write the {LABELS[name]} paragraph."
        for name in PARAGRAPHS
        if not (paragraphs.get(name) or "").strip()
    }
    if missing:
        raise OrderRefused("Every paragraph of the order is needed.", missing)


def _check_dates(starts_on, ends_on) -> None:
    if ends_on < starts_on:
        raise OrderRefused(
            "The operation cannot end before it starts.",
            {"ends_on": "The end date is before the start date."},
        )


def _author_of(actor):
    employee = staffing_policies.employee_of(actor)
    if employee is None:
        raise OrderRefused(
            "Your login has no employee record: an order's author is an employee."
        )
    return employee


def _check_place(sector: OrganizationUnit, station: OrganizationUnit | None):
    if sector.kind != OrganizationUnit.Kind.SECTOR:
        raise OrderRefused("An order belongs to a sector.")
    if station is not None and station.parent_id != sector.pk:
        raise OrderRefused(
            f"{station.name} Station is not in {sector.name} Sector.",
            {"station": "Choose a station of the order's sector."},
        )


def _next_number(sector: OrganizationUnit, year: int) -> str:
    prefix = f"{sector.code or sector.pk}-{year}-"
    taken = Order.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def _save(instance, actor, reason: str = "") -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.full_clean()
    instance.save()


def _write_costs(order, revision, kind: str, costs: list[CostEntry], actor) -> None:
    """Replace the order's lines of that kind (of the revision, for estimates)."""
    old = order.cost_lines.filter(kind=kind, revision=revision)
    for line in old:
        line._history_user = actor
        line.delete()
    for cost in costs:
        _save(
            CostLine(
                order=order,
                revision=revision,
                kind=kind,
                category=cost.category,
                description=cost.description.strip(),
                amount=cost.amount,
            ),
            actor,
        )


def create_order(
    *,
    actor,
    sector: OrganizationUnit,
    station: OrganizationUnit | None,
    name: str,
    purpose: str,
    starts_on,
    ends_on,
    paragraphs: dict[str, str],
    estimates: list[CostEntry],
) -> Order:
    """A new draft, written by the acting employee, with its first revision."""
    unit_id = station.pk if station else sector.pk
    if not policies.may_write_for(actor, unit_id):
        _refuse(
            actor,
            station or sector,
            "operations_orders.create",
            f"Only an author over {station or sector} writes its orders.",
            sector.pk,
        )
    author = _author_of(actor)
    _check_place(sector, station)
    _check_dates(starts_on, ends_on)
    _check_paragraphs(paragraphs)
    _check_costs(estimates)
    _check_text({"name": name, "purpose": purpose, **paragraphs}, estimates)

    with transaction.atomic():
        order = Order(
            number=_next_number(sector, timezone.localdate().year),
            name=name.strip(),
            sector=sector,
            station=station,
            purpose=purpose.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            author=author,
        )
        _save(order, actor, "Drafted")
        revision = Revision(order=order, number=1, written_by=actor, **paragraphs)
        _save(revision, actor)
        _write_costs(order, revision, CostKind.ESTIMATED, estimates, actor)
    return order


def update_draft(
    *,
    actor,
    order: Order,
    station: OrganizationUnit | None,
    name: str,
    purpose: str,
    starts_on,
    ends_on,
    paragraphs: dict[str, str],
    estimates: list[CostEntry],
) -> Order:
    """The author rewrites a draft or a returned order (its only revision)."""
    if not policies.may_edit(actor, order):
        _refuse(
            actor,
            order,
            "operations_orders.edit",
            "Only the author changes the order, while it is a draft or returned.",
        )
    _check_place(order.sector, station)
    _check_dates(starts_on, ends_on)
    _check_paragraphs(paragraphs)
    _check_costs(estimates)
    _check_text({"name": name, "purpose": purpose, **paragraphs}, estimates)

    revision = order.revisions.order_by("-number").first()
    with transaction.atomic():
        order.station = station
        order.name = name.strip()
        order.purpose = purpose.strip()
        order.starts_on = starts_on
        order.ends_on = ends_on
        _save(order, actor, "Rewritten")
        for field, text in paragraphs.items():
            setattr(revision, field, text)
        revision.written_by = actor
        _save(revision, actor)
        _write_costs(order, revision, CostKind.ESTIMATED, estimates, actor)
    return order


def _require_status(order, allowed, action: str) -> None:
    if order.status not in allowed:
        names = " or ".join(OrderStatus(status).label.lower() for status in allowed)
        raise OrderRefused(
            f"This order is {order.get_status_display().lower()}; it can be "
            f"{action} only when {names}."
        )


def submit_order(*, actor, order: Order) -> Order:
    if not policies.may_edit(actor, order):
        _refuse(
            actor,
            order,
            "operations_orders.submit",
            "Only the author submits the order, while it is a draft or returned.",
        )
    with transaction.atomic():
        order.status = OrderStatus.SUBMITTED
        order.submitted_at = timezone.now()
        _save(order, actor, "Submitted for approval")
    return order


def _require_decider(actor, order, action: str) -> None:
    if policies.is_author(actor, order):
        _refuse(
            actor,
            order,
            action,
            "The author of an order cannot approve or return it: another "
            "approver over the sector decides.",
        )
    if not policies.may_decide(actor, order):
        _refuse(
            actor,
            order,
            action,
            f"Only an approver over {order.sector} approves or returns its orders.",
        )


def approve_order(*, actor, order: Order) -> Order:
    _require_decider(actor, order, "operations_orders.approve")
    _require_status(order, [OrderStatus.SUBMITTED], "approved")
    with transaction.atomic():
        order.status = OrderStatus.APPROVED
        order.decided_at = timezone.now()
        order.decided_by = actor
        order.return_comments = ""
        _save(order, actor, "Approved")
    return order


def return_order(*, actor, order: Order, comments: str) -> Order:
    _require_decider(actor, order, "operations_orders.return")
    _require_status(order, [OrderStatus.SUBMITTED], "returned")
    if not comments.strip():
        raise OrderRefused(
            "Say what the author should change.",
            {"comments": "Write the comments for the author."},
        )
    _check_text({"comments": comments})
    with transaction.atomic():
        order.status = OrderStatus.RETURNED
        order.decided_at = timezone.now()
        order.decided_by = actor
        order.return_comments = comments.strip()
        _save(order, actor, "Returned with comments")
    return order


def _require_runner(actor, order, action: str) -> None:
    if not policies.may_run(actor, order):
        _refuse(
            actor,
            order,
            action,
            f"Only the author or an approver over {order.sector} runs the order.",
        )


def activate_order(*, actor, order: Order) -> Order:
    _require_runner(actor, order, "operations_orders.activate")
    _require_status(order, [OrderStatus.APPROVED], "made active")
    with transaction.atomic():
        order.status = OrderStatus.ACTIVE
        order.activated_at = timezone.now()
        order.activated_by = actor
        _save(order, actor, "Active")
    return order


def amend_order(
    *,
    actor,
    order: Order,
    paragraphs: dict[str, str],
    estimates: list[CostEntry],
    reason: str,
) -> Revision:
    """A new revision of an active order; the ones before it are kept."""
    _require_runner(actor, order, "operations_orders.amend")
    _require_status(order, [OrderStatus.ACTIVE], "amended")
    if not reason.strip():
        raise OrderRefused(
            "Say why the order is amended.",
            {"reason": "Write the reason for the amendment."},
        )
    _check_paragraphs(paragraphs)
    _check_costs(estimates)
    _check_text({"reason": reason, **paragraphs}, estimates)

    latest = order.revisions.order_by("-number").first()
    with transaction.atomic():
        revision = Revision(
            order=order,
            number=latest.number + 1,
            written_by=actor,
            reason=reason.strip(),
            **paragraphs,
        )
        _save(revision, actor, "Amendment")
        _write_costs(order, revision, CostKind.ESTIMATED, estimates, actor)
        # The order's own history shows the amendment too.
        _save(order, actor, f"Amended: revision {revision.number}")
    return revision


def close_order(
    *, actor, order: Order, after_action: str, actuals: list[CostEntry]
) -> Order:
    """Close an active order with its after-action summary and actual cost."""
    _require_runner(actor, order, "operations_orders.close")
    _require_status(order, [OrderStatus.ACTIVE], "closed")
    if not after_action.strip():
        raise OrderRefused(
            "An order is closed with its after-action summary.",
            {"after_action": "Write the after-action summary."},
        )
    _check_costs(actuals)
    _check_text({"after_action": after_action}, actuals)

    with transaction.atomic():
        _write_costs(order, None, CostKind.ACTUAL, actuals, actor)
        order.status = OrderStatus.CLOSED
        order.after_action = after_action.strip()
        order.closed_at = timezone.now()
        order.closed_by = actor
        _save(order, actor, "Closed with the after-action summary")
    return order
