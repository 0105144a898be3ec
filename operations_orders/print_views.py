"""The printed order (a page and a PDF, For Official Use Only on every page)
and its revisions side by side."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bpets import pdf
from operations_orders import selectors
from operations_orders.models import PARAGRAPH_TITLES
from security import audit
from security.rate_limits import rate_limited

CONTENT = "operations_orders/_printed_order.html"
STYLESHEETS = ("css/reports.css",)


def _context(request, order) -> dict:
    revision = selectors.current_revision(order)
    return {
        "order": order,
        "revision": revision,
        "paragraphs": [
            (title, getattr(revision, name)) for name, title in PARAGRAPH_TITLES.items()
        ],
        "estimated": selectors.estimated_costs(revision),
        "actual": selectors.actual_costs(order),
        "title": f"Operations order {order.number}",
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }


def printable(request, pk):
    order = selectors.order_for(request, pk)
    return render(
        request,
        "operations_orders/print.html",
        {
            **_context(request, order),
            "content": CONTENT,
            "pdf_url": reverse("operations_orders:pdf", args=[order.pk]),
        },
    )


@rate_limited("export")
def order_pdf(request, pk):
    order = selectors.order_for(request, pk)
    context = _context(request, order)
    document = pdf.render(
        CONTENT,
        context,
        title=context["title"],
        stylesheets=STYLESHEETS,
        request=request,
    )
    # No personal information, but For Official Use Only: each copy that
    # leaves the product is recorded, as every other export is.
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=order,
        details={"module": "operations_orders", "document": "order", "format": "pdf"},
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="operations-order-{order.number}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def _chosen(request, name: str, numbers: list[int], default: int) -> int:
    try:
        chosen = int(request.GET.get(name, default))
    except ValueError:
        return default
    return chosen if chosen in numbers else default


def revisions(request, pk):
    """Two revisions side by side, paragraph by paragraph (the last two
    unless others are chosen)."""
    order = selectors.order_for(request, pk)
    kept = selectors.revisions_of(order)
    numbers = [revision.number for revision in kept]
    by_number = {revision.number: revision for revision in kept}
    left = by_number[_chosen(request, "left", numbers, numbers[max(len(kept) - 2, 0)])]
    right = by_number[_chosen(request, "right", numbers, numbers[-1])]
    rows = [
        {
            "title": title,
            "left": getattr(left, name),
            "right": getattr(right, name),
            "changed": getattr(left, name) != getattr(right, name),
        }
        for name, title in PARAGRAPH_TITLES.items()
    ]
    return render(
        request,
        "operations_orders/revisions.html",
        {
            "order": order,
            "kept": kept,
            "left": left,
            "right": right,
            "rows": rows,
            "left_costs": selectors.cost_table(left.cost_lines.all()),
            "right_costs": selectors.cost_table(right.cost_lines.all()),
        },
    )
