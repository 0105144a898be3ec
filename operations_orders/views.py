"""The list of orders, one order, its CSV, and writing a draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from bpets.views import ModuleLandingView
from operations_orders import exports, forms, policies, selectors, services
from operations_orders.models import PARAGRAPH_TITLES
from security.models import OrganizationUnit
from security.rate_limits import rate_limited

PAGE_SIZE = 25


class OrdersLandingView(ModuleLandingView):
    app_label = "operations_orders"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visible_count"] = selectors.visible_orders(self.request.user).count()
        context["may_write"] = bool(policies.writable_units(self.request.user))
        return context


def _require_a_role(user) -> None:
    if not policies.holds_any_role(user):
        raise PermissionDenied("You hold no operations orders role.")


def _filter_form(request, orders):
    return forms.OrderFilterForm(
        request.GET or None, sectors=selectors.sectors_of(orders)
    )


def order_list(request):
    _require_a_role(request.user)
    visible = selectors.visible_orders(request.user)
    form = _filter_form(request, visible)
    orders = exports.with_totals(selectors.filtered(visible, **form.criteria()))
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "operations_orders/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_write": bool(policies.writable_units(request.user)),
        },
    )


@rate_limited("export")
def export(request):
    _require_a_role(request.user)
    visible = selectors.visible_orders(request.user)
    criteria = _filter_form(request, visible).criteria()
    content = exports.export_orders(
        request,
        selectors.filtered(visible, **criteria),
        criteria,
        "operations_orders:export",
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="operations-orders.csv"'
    # For use inside the agency only; never cached on the way.
    response["Cache-Control"] = "no-store"
    return response


def detail(request, pk):
    order = selectors.order_for(request, pk)
    revision = selectors.current_revision(order)
    user = request.user
    return render(
        request,
        "operations_orders/detail.html",
        {
            "order": order,
            "revision": revision,
            "paragraphs": _paragraphs(revision),
            "estimated": selectors.estimated_costs(revision),
            "actual": selectors.actual_costs(order),
            "revision_count": order.revisions.count(),
            "history": selectors.order_history(order),
            "may_edit": policies.may_edit(user, order),
            "may_decide": policies.may_decide(user, order),
            "may_run": policies.may_run(user, order),
        },
    )


def _paragraphs(revision) -> list[tuple[str, str]]:
    return [
        (title, getattr(revision, name)) for name, title in PARAGRAPH_TITLES.items()
    ]


def _stations_of(sectors):
    return (
        OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION, parent__in=sectors
        )
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def _order_forms(request, initial=None, lines=()):
    sectors = selectors.writable_sectors(request.user)
    if initial is None and len(sectors) == 1:
        initial = {"sector": sectors[0]}
    data = request.POST if request.method == "POST" else None
    form = forms.OrderForm(
        data,
        initial=initial,
        sectors=sectors,
        stations=_stations_of(sectors),
    )
    return form, forms.cost_formset(data, "estimate", lines)


def _show_refusal(form, formset, refusal: services.OrderRefused) -> None:
    shown = False
    for name, message in refusal.fields.items():
        if name in form.fields:
            form.add_error(name, message)
            shown = True
        elif name.startswith("cost_"):
            index = int(name.removeprefix("cost_")) - 1
            if formset is not None and index < len(formset.forms):
                formset.forms[index].add_error("description", message)
                shown = True
    if not shown:
        form.add_error(None, str(refusal))


def _form_page(request, template, context):
    # A rejected post answers 400, with what the user typed and why.
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


def new_order(request):
    if not policies.writable_units(request.user):
        raise PermissionDenied("Only operations orders authors write orders.")
    form, formset = _order_forms(request)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            order = services.create_order(
                actor=request.user,
                sector=data["sector"],
                station=data["station"],
                name=data["name"],
                purpose=data["purpose"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                paragraphs=form.paragraphs(),
                estimates=forms.cost_entries(formset),
            )
        except services.OrderRefused as refusal:
            _show_refusal(form, formset, refusal)
        else:
            messages.success(request, f"Draft {order.number} saved.")
            return redirect("operations_orders:detail", pk=order.pk)
    return _form_page(
        request,
        "operations_orders/order_form.html",
        {"form": form, "formset": formset, "title": "Write an operations order"},
    )


def edit_order(request, pk):
    order = selectors.order_for(request, pk)
    if not policies.may_edit(request.user, order):
        raise PermissionDenied(
            "Only the author changes the order, while it is a draft or returned."
        )
    revision = selectors.current_revision(order)
    initial = {
        "sector": order.sector,
        "station": order.station,
        "name": order.name,
        "purpose": order.purpose,
        "starts_on": order.starts_on,
        "ends_on": order.ends_on,
        **{name: getattr(revision, name) for name in PARAGRAPH_TITLES},
    }
    form, formset = _order_forms(request, initial, revision.cost_lines.all())
    form.fields["sector"].disabled = True
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.update_draft(
                actor=request.user,
                order=order,
                station=data["station"],
                name=data["name"],
                purpose=data["purpose"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                paragraphs=form.paragraphs(),
                estimates=forms.cost_entries(formset),
            )
        except services.OrderRefused as refusal:
            _show_refusal(form, formset, refusal)
        else:
            messages.success(request, "Saved.")
            return redirect("operations_orders:detail", pk=order.pk)
    return _form_page(
        request,
        "operations_orders/order_form.html",
        {
            "form": form,
            "formset": formset,
            "order": order,
            "title": f"Change {order.number}",
        },
    )
