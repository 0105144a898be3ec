"""The landing page and the AOR summary: the page with its charts, the CSV
(internal) and the PDF marked For Official Use Only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bpets import pdf
from bpets.views import ModuleLandingView
from bsits import policies as bsits_policies
from reporting import aor, areas, exports, policies, selectors
from reporting.forms import AorForm
from security.rate_limits import rate_limited

CONTENT = "reporting/_aor_summary.html"
STYLESHEETS = ("css/reports.css",)


class ReportingLandingView(ModuleLandingView):
    app_label = "reporting"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["reads"] = policies.reads_anywhere(user)
        context["imports"] = policies.imports_anywhere(user)
        context["version_count"] = selectors.versions().count()
        # BSITS keeps the counts of deaths and rescues it records; analysts
        # read them there, without any subject data.
        context["bsits_counts"] = bsits_policies.may_see_counts(user)
        return context


def readable_areas(user, places) -> list[aor.Area]:
    return [area for area in aor.choices(places) if policies.may_read(user, area.unit)]


def _summary(request):
    """The summary the request asks for, or the page's form with its errors.

    An area outside the user's grants is refused (and audited), not hidden.
    """
    user = request.user
    if not policies.reads_anywhere(user):
        raise PermissionDenied("Only reporting analysts read the AOR summary.")
    places = areas.places()
    readable = readable_areas(user, places)
    years = selectors.fiscal_years()
    latest = selectors.latest_fiscal_year() or (years[0] if years else None)
    if not readable or latest is None:
        return None, None
    every = aor.choices(places)
    form = AorForm(
        request.GET or None,
        areas=every,
        years=years,
        initial_area=readable[0].key,
        initial_year=latest,
    )
    if not request.GET:
        area, first, last = readable[0], latest, latest
    elif form.is_valid():
        first, last = form.cleaned_data["first_year"], form.cleaned_data["last_year"]
        try:
            area = aor.area_of(
                places, form.cleaned_data["area"], form.cleaned_data["station"]
            )
        except aor.UnknownArea:
            form.add_error("station", "No such station in the sector chosen.")
            return form, None
    else:
        return form, None
    if not policies.may_read(user, area.unit):
        raise PermissionDenied(f"Your reporting grants do not reach {area.label}.")
    return form, aor.summary(places, area, first, last)


def aor_summary(request):
    form, summary = _summary(request)
    query = request.GET.urlencode()
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "reporting/aor_summary.html",
        {
            "form": form,
            "summary": summary,
            "query": f"?{query}" if query else "",
            **_context(request, summary),
        },
        status=status,
    )


def _context(request, summary) -> dict:
    return {
        "title": "AOR summary",
        "printed_at": timezone.now(),
        "printed_by": request.user,
        "not_reported": exports.NOT_REPORTED,
    }


def _summary_or_404(request):
    form, summary = _summary(request)
    if summary is None:
        raise Http404("Nothing to export: choose an area and fiscal years.")
    return summary


def _file_name(summary, extension: str) -> str:
    years = (
        f"fy{summary.first_year}"
        if summary.first_year == summary.last_year
        else f"fy{summary.first_year}-fy{summary.last_year}"
    )
    place = summary.area.key.replace("/", "-").replace(" ", "-").lower()
    return f"aor-summary-{place}-{years}.{extension}"


@rate_limited("export")
def aor_summary_csv(request):
    summary = _summary_or_404(request)
    text, rows = exports.summary_csv(summary)
    exports.record_export(
        request, summary, form="csv", rows=rows, source="reporting:aor-summary-csv"
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(summary, "csv")}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@rate_limited("export")
def aor_summary_pdf(request):
    summary = _summary_or_404(request)
    document = pdf.render(
        CONTENT,
        {"summary": summary, **_context(request, summary)},
        title=f"AOR summary, {summary.area.label}",
        stylesheets=STYLESHEETS,
        request=request,
    )
    exports.record_export(
        request,
        summary,
        form="pdf",
        rows=len(summary.lines),
        source="reporting:aor-summary-pdf",
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_file_name(summary, "pdf")}"'
    )
    response["Cache-Control"] = "no-store"
    return response
