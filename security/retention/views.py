"""The retention page, for records administrators only.

It shows the schedule as the product ships it (each rule, its sources and
period, how many records are due), the legal holds, the past runs, and the
privacy officer's quarterly report. Nothing here shows a personal value:
records are named by kind and id.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied

from bpets import pdf
from security import audit, policies, retention
from security.models import LegalHold, RetentionRun
from security.rate_limits import rate_limited
from security.retention import engine, services, status
from security.retention.forms import (
    ChooseSourceForm,
    LiftHoldForm,
    PlaceHoldForm,
    QuarterForm,
)

RUNS_PER_PAGE = 20
REPORT_TITLE = "Records retention: quarterly progress report"
REPORT_CONTENT = "security/retention/_report.html"
STYLESHEETS = ("css/reports.css",)


def records_administrators_only(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not policies.is_records_administrator(request.user):
            audit.record(
                audit.Kind.DENIED,
                request=request,
                details={
                    "path": request.path,
                    "needs": "security.records_administrator",
                },
            )
            # Answered here rather than raised, so that the refusal is
            # recorded once, with what it needed.
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return checked


@records_administrators_only
def overview(request):
    return _overview(request, PlaceHoldForm())


def _overview(request, hold_form, *, status_code=200):
    today = timezone.localdate()
    runs = Paginator(RetentionRun.objects.select_related("started_by"), RUNS_PER_PAGE)
    standing = LegalHold.objects.standing().select_related(
        "user", "placed_by", "content_type"
    )
    lifted = (
        LegalHold.objects.filter(lifted_at__isnull=False)
        .select_related("user", "placed_by", "lifted_by", "content_type")
        .order_by("-lifted_at")[:20]
    )
    # Each administrator sees the holds of their own part of the tree only:
    # a hold's reason may name a claim or an investigation.
    return render(
        request,
        "security/retention/index.html",
        {
            "today": today,
            "statuses": status.rule_statuses(today),
            "standing_holds": [
                hold for hold in standing if services.in_scope(request.user, hold)
            ],
            "lifted_holds": [
                hold for hold in lifted if services.in_scope(request.user, hold)
            ],
            "hold_form": hold_form,
            "runs": runs.get_page(request.GET.get("page")),
        },
        status=status_code,
    )


@require_POST
@records_administrators_only
def dry_run(request):
    retention_run = engine.run(dry_run=True, started_by=request.user)
    messages.success(request, "The dry run is done: this is what the next run removes.")
    return redirect("security:retention-run", pk=retention_run.pk)


@records_administrators_only
def run_detail(request, pk):
    retention_run = get_object_or_404(RetentionRun, pk=pk)
    rules = {rule.code: rule for rule in retention.rules()}
    lines = [
        {
            "code": code,
            "title": rules[code].title if code in rules else code,
            "counts": counts,
            "progress": retention_run.progress[code],
            "listing": retention_run.listing.get(code),
            "would_purge": counts["due"] - counts["held"],
        }
        for code, counts in retention_run.counts().items()
    ]
    return render(
        request,
        "security/retention/run.html",
        {"run": retention_run, "lines": lines},
    )


def _carried_out(request, form, act, done: str) -> bool:
    """Run the service on a valid form; a refusal goes on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except services.RetentionRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    messages.success(request, done)
    return True


@require_POST
@records_administrators_only
def place_hold(request):
    form = PlaceHoldForm(request.POST)

    def act(cleaned):
        services.place_hold(
            actor=request.user,
            reason=cleaned["reason"],
            user=cleaned["username"],
            record=cleaned["record"],
        )

    if _carried_out(request, form, act, "The legal hold stands."):
        return redirect(f"{reverse('security:retention')}#holds")
    return _overview(request, form, status_code=400)


@records_administrators_only
def lift_hold(request, pk):
    hold = get_object_or_404(LegalHold.objects.standing(), pk=pk)
    form = LiftHoldForm(request.POST or None)

    def act(cleaned):
        services.lift_hold(actor=request.user, hold=hold, reason=cleaned["reason"])

    if _carried_out(request, form, act, "The legal hold is lifted."):
        return redirect(f"{reverse('security:retention')}#holds")
    return render(
        request,
        "security/retention/lift_hold.html",
        {"hold": hold, "form": form},
        status=400 if form.errors else 200,
    )


@records_administrators_only
def choose_source(request, code):
    try:
        rule = retention.get(code)
    except KeyError:
        raise Http404("No such retention rule.") from None
    if rule.follows or not rule.sources_disagree:
        raise Http404("This rule has no sources to choose between.")
    form = ChooseSourceForm(request.POST or None, rule=rule)

    def act(cleaned):
        services.choose_source(
            actor=request.user,
            rule_code=rule.code,
            source=cleaned["source"],
            reason=cleaned["reason"],
        )

    if _carried_out(request, form, act, f"{rule.title}: the chosen source applies."):
        return redirect("security:retention")
    return render(
        request,
        "security/retention/choose_source.html",
        {"rule": rule, "form": form},
        status=400 if form.errors else 200,
    )


@records_administrators_only
def report(request):
    form, quarter_report = _quarter(request)
    response = render(
        request,
        "security/retention/report_page.html",
        {
            **_report_context(request, quarter_report),
            "form": form,
            "content": REPORT_CONTENT,
            "pdf_url": f"{reverse('security:retention-report-pdf')}?"
            f"year={quarter_report.year}&quarter={quarter_report.quarter}",
        },
        status=200 if form.is_valid() else 400,
    )
    return response


@records_administrators_only
@rate_limited("export")
def report_pdf(request):
    """The quarter's report as a file: counts only, but a file that leaves
    BPETS all the same, so an export in the audit log like any other."""
    form, quarter_report = _quarter(request)
    if not form.is_valid():
        return redirect("security:retention-report")
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        details={
            "module": "security",
            "report": "retention_quarterly",
            "form": "pdf",
            "rows": len(quarter_report.lines),
            "year": quarter_report.year,
            "quarter": quarter_report.quarter,
        },
        source="security:retention-report-pdf",
    )
    content = pdf.render(
        REPORT_CONTENT,
        _report_context(request, quarter_report),
        title=REPORT_TITLE,
        stylesheets=STYLESHEETS,
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"retention-{quarter_report.year}-q{quarter_report.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _quarter(request):
    today = timezone.localdate()
    form = QuarterForm.of(request.GET, today)
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    else:
        year, quarter = status.quarter_of(today)
    return form, status.quarterly_report(year, quarter)


def _report_context(request, quarter_report) -> dict:
    return {
        "report": quarter_report,
        "title": REPORT_TITLE,
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }
