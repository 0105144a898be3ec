"""The steps of an order's life: submit, approve or return, activate,
amend and close. Each is a POST; the steps that need words show a form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from operations_orders import forms, policies, selectors, services
from operations_orders.models import PARAGRAPH_TITLES
from operations_orders.views import _form_page, _show_refusal

STEPS = {
    "submit": (services.submit_order, policies.may_edit, "Submitted for approval."),
    "approve": (services.approve_order, policies.may_decide, "Approved."),
    "activate": (services.activate_order, policies.may_run, "The order is active."),
}


def _step(request, pk, name):
    order = selectors.order_for(request, pk)
    service, allowed, done = STEPS[name]
    if not allowed(request.user, order):
        if name == "approve" and policies.is_author(request.user, order):
            raise PermissionDenied("The author of an order cannot approve it.")
        raise PermissionDenied(f"You may not {name} {order.number}.")
    try:
        service(actor=request.user, order=order)
    except services.OrderRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("operations_orders:detail", pk=order.pk)


@require_POST
def submit(request, pk):
    return _step(request, pk, "submit")


@require_POST
def approve(request, pk):
    return _step(request, pk, "approve")


@require_POST
def activate(request, pk):
    return _step(request, pk, "activate")


def return_order(request, pk):
    order = selectors.order_for(request, pk)
    if not policies.may_decide(request.user, order):
        raise PermissionDenied(
            f"Only an approver over {order.sector} who is not its author returns it."
        )
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_order(
                actor=request.user, order=order, comments=form.cleaned_data["comments"]
            )
        except services.OrderRefused as refusal:
            _show_refusal(form, None, refusal)
        else:
            messages.success(request, "Returned to the author with your comments.")
            return redirect("operations_orders:detail", pk=order.pk)
    return _form_page(
        request,
        "operations_orders/step_form.html",
        {
            "order": order,
            "form": form,
            "title": f"Return {order.number} to its author",
            "button": "Return with comments",
        },
    )


def amend(request, pk):
    order = selectors.order_for(request, pk)
    if not policies.may_run(request.user, order):
        raise PermissionDenied(
            f"Only the author or an approver over {order.sector} amends it."
        )
    revision = selectors.current_revision(order)
    initial = {name: getattr(revision, name) for name in PARAGRAPH_TITLES}
    data = request.POST if request.method == "POST" else None
    form = forms.AmendForm(data, initial=initial)
    formset = forms.cost_formset(data, "estimate", revision.cost_lines.all())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            amended = services.amend_order(
                actor=request.user,
                order=order,
                paragraphs=form.paragraphs(),
                estimates=forms.cost_entries(formset),
                reason=form.cleaned_data["reason"],
            )
        except services.OrderRefused as refusal:
            _show_refusal(form, formset, refusal)
        else:
            messages.success(request, f"Revision {amended.number} is in force.")
            return redirect("operations_orders:detail", pk=order.pk)
    return _form_page(
        request,
        "operations_orders/step_form.html",
        {
            "order": order,
            "form": form,
            "formset": formset,
            "costs_legend": "Estimated cost of the amended order",
            "title": f"Amend {order.number}",
            "intro": f"Revision {revision.number} stays on record beside the new one.",
            "button": "Save the amendment",
        },
    )


def close(request, pk):
    order = selectors.order_for(request, pk)
    if not policies.may_run(request.user, order):
        raise PermissionDenied(
            f"Only the author or an approver over {order.sector} closes it."
        )
    data = request.POST if request.method == "POST" else None
    form = forms.CloseForm(data)
    formset = forms.cost_formset(data, "actual")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.close_order(
                actor=request.user,
                order=order,
                after_action=form.cleaned_data["after_action"],
                actuals=forms.cost_entries(formset),
            )
        except services.OrderRefused as refusal:
            _show_refusal(form, formset, refusal)
        else:
            messages.success(request, "Closed with its after-action summary.")
            return redirect("operations_orders:detail", pk=order.pk)
    return _form_page(
        request,
        "operations_orders/step_form.html",
        {
            "order": order,
            "form": form,
            "formset": formset,
            "costs_legend": "Actual cost",
            "title": f"Close {order.number}",
            "button": "Close the order",
        },
    )
