"""The landing page and the AOR summary: the page with its charts, the CSV
(internal) and the PDF marked For Official Use Only."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from bpets import pdf
from bpets.views import ModuleLandingView
from bsits import policies as bsits_policies
from reporting import aor, exports, parameters, policies, responses, selectors
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
        context["releases"] = context["reads"] or policies.may_approve_releases(user)
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
            "report": summary,
            "content_template": CONTENT,
            "page_url": "reporting:aor-summary",
            "csv_url": "reporting:aor-summary-csv",
            "pdf_url": "reporting:aor-summary-pdf",
            "release_code": "aor_summary",
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


@rate_limited("export")
def aor_summary_csv(request):
    summary = _summary_or_404(request)
    text, rows = exports.summary_csv(summary)
    exports.record_export(
        request, summary, form="csv", rows=rows, source="reporting:aor-summary-csv"
    )
    return responses.attachment(
        text, responses.CSV, responses.file_name("aor-summary", summary, "csv")
    )


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
    return responses.attachment(
        document, responses.PDF, responses.file_name("aor-summary", summary, "pdf")
    )
