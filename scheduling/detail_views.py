"""Pages for details: the list and the ones to decide, proposing one, each
detail with its steps and history, and the two reports with their CSV."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from scheduling import detail_reports, detail_selectors, details
from scheduling.detail_forms import (
    CountsForm,
    ProposeForm,
    ReportForm,
    StepForm,
    acting_stations,
)
from scheduling.models import Detail
from security import audit
from security.models import OrganizationUnit
from security.rate_limits import rate_limited
from staffing import selectors as staffing_selectors


def _require_acting(user) -> None:
    if not acting_stations(user):
        raise PermissionDenied(
            "Only scheduling supervisors and administrators work with details."
        )


def index(request):
    """The details the user takes part in, those waiting for them first."""
    visible = detail_selectors.visible_to(request.user)
    waiting = [
        detail
        for detail in visible.filter(status="PROPOSED")
        if details.may_decide(request.user, detail)
    ]
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "scheduling/details/index.html",
        {
            "waiting": waiting,
            "page": page,
            "acts": bool(acting_stations(request.user)),
        },
    )


def new(request):
    _require_acting(request.user)
    form = ProposeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            detail = details.propose(actor=request.user, **data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "The detail was proposed to the other station.")
            return redirect("scheduling:detail", pk=detail.pk)
    return render(
        request,
        "scheduling/details/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _visible_or_404(request, pk) -> Detail:
    found = (
        Detail.objects.select_related(
            "employee__user",
            "home_station",
            "gaining_station",
            "shift_template",
            "proposed_by",
            "decided_by",
            "cancelled_by",
        )
        .filter(pk=pk)
        .first()
    )
    if found is not None and details.may_see(request.user, found):
        return found
    # The audit middleware records the refusal.
    raise Http404("No such detail in your reach.")


def page(request, pk, form=None, status=200):
    detail = _visible_or_404(request, pk)
    user = request.user
    form = form or StepForm(detail=detail)
    return render(
        request,
        "scheduling/details/detail.html",
        {
            "detail": detail,
            "form": form,
            "may_decide": details.may_decide(user, detail),
            "names_shift": details.may_decide(user, detail)
            and detail.proposed_side == "HOME",
            "may_cancel": details.may_end(user, detail)
            and detail.status in ("PROPOSED", "ACCEPTED"),
            "may_cut_short": details.may_end(user, detail) and detail.is_accepted,
            "history": detail_selectors.steps_of(detail),
        },
        status=status,
    )


@require_POST
def step(request, pk):
    detail = _visible_or_404(request, pk)
    form = StepForm(request.POST, detail=detail)
    if not form.is_valid():
        return page(request, pk, form=form, status=400)
    data = form.cleaned_data
    action, reason = data["action"], data["reason"]
    try:
        if action in ("accept", "decline"):
            details.decide(
                actor=request.user,
                detail=detail,
                accept=action == "accept",
                reason=reason,
                shift_template=data["shift_template"],
            )
        elif action == "cancel":
            details.cancel(actor=request.user, detail=detail, reason=reason)
        else:
            details.cut_short(
                actor=request.user,
                detail=detail,
                last_day=data["last_day"],
                reason=reason,
            )
    except ValidationError as problem:
        form.add_error(None, problem)
        return page(request, pk, form=form, status=400)
    except details.DetailRefused as refusal:
        form.add_error(None, str(refusal))
        return page(request, pk, form=form, status=400)
    messages.success(request, f"The detail was {StepForm.ACTIONS[action]}.")
    return redirect("scheduling:detail", pk=pk)


# ---- reports ---------------------------------------------------------------


def _report_form(request, form_class):
    units = detail_reports.units_for(request.user)
    if not units.exists():
        raise PermissionDenied(
            "Only scheduling supervisors and administrators see the detail reports."
        )
    today = staffing_selectors.today_of(request.user)
    initial = {
        "unit": units.first(),
        "first_day": today.replace(month=1, day=1),
        "last_day": today,
    }
    data = request.GET if "unit" in request.GET else None
    _refuse_out_of_scope(request, units, data)
    return form_class(data, units=units, initial=initial)


def _refuse_out_of_scope(request, units, data) -> None:
    """A station or sector the user does not schedule is refused and
    audited, like any page out of reach; an unknown one is a form error."""
    asked = (data or {}).get("unit", "")
    if not asked.isdigit() or units.filter(pk=asked).exists():
        return
    if not OrganizationUnit.objects.filter(pk=asked).exists():
        return
    audit.record(
        audit.Kind.DENIED,
        request=request,
        details={"action": "detail report", "unit": int(asked)},
    )
    raise PermissionDenied(
        "You report only on the stations and sectors you schedule; that one is "
        "not among them."
    )


def report(request):
    form = _report_form(request, ReportForm)
    found = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = Paginator(
            detail_reports.details_of(
                data["unit"], data["first_day"], data["last_day"]
            ),
            50,
        ).get_page(request.GET.get("page"))
    return render(
        request,
        "scheduling/details/report.html",
        {"form": form, "page": found, "query": _query(request)},
        status=400 if form.errors else 200,
    )


@rate_limited("export")
def report_export(request):
    form = _report_form(request, ReportForm)
    if not (form.is_bound and form.is_valid()):
        return redirect("scheduling:details-report")
    data = form.cleaned_data
    found = detail_reports.details_of(data["unit"], data["first_day"], data["last_day"])
    content = detail_reports.details_csv(
        request, data["unit"], data["first_day"], data["last_day"], found
    )
    return _csv(content, "details.csv")


def counts(request):
    form = _report_form(request, CountsForm)
    rows = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rows = detail_reports.counts(
            data["unit"], data["first_day"], data["last_day"], data["per"]
        )
    return render(
        request,
        "scheduling/details/counts.html",
        {"form": form, "rows": rows, "query": _query(request)},
        status=400 if form.errors else 200,
    )


@rate_limited("export")
def counts_export(request):
    form = _report_form(request, CountsForm)
    if not (form.is_bound and form.is_valid()):
        return redirect("scheduling:detail-counts")
    data = form.cleaned_data
    rows = detail_reports.counts(
        data["unit"], data["first_day"], data["last_day"], data["per"]
    )
    content = detail_reports.counts_csv(
        request, data["unit"], data["first_day"], data["last_day"], data["per"], rows
    )
    return _csv(content, "detail-counts.csv")


def _query(request) -> str:
    """The report's query string without its page, for links to it."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _csv(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # For use inside the agency only; never cached on the way.
    response["Cache-Control"] = "no-store"
    return response
