"""The landing page and the AOR summary: the page with its charts, the CSV
(internal) and the PDF marked For Official Use Only."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bpets import pdf
from bpets.views import ModuleLandingView
from bsits import policies as bsits_policies
from reporting import aor, exports, parameters, policies, selectors
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


def _summary(request):
    form, asked = parameters.read(request)
    if asked is None:
        return form, None
    return form, aor.summary(
        asked.places, asked.area, asked.first_year, asked.last_year
    )


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
