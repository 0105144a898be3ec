"""The page, CSV (internal) and PDF (For Official Use Only) of the reports
of ``reporting.catalog`` beyond the AOR summary, which has its own page.
The page draws each report's trend charts beside its tables; the PDF
carries the tables alone (the charts need a browser's script)."""

from django.http import Http404
from django.shortcuts import render

from reporting import catalog, exports, parameters, responses
from security.rate_limits import rate_limited


def _made(request, report: catalog.Report):
    form, asked = parameters.read(request, report.form_class)
    if asked is None:
        return form, None
    made = report.make(
        asked.places, asked.area, asked.first_year, asked.last_year, asked.cleaned
    )
    return form, made


def _made_or_404(request, report):
    _, made = _made(request, report)
    if made is None:
        raise Http404("Nothing to export: choose an area and fiscal years.")
    return made


def page(request, report: catalog.Report, url_names: tuple[str, str, str]):
    form, made = _made(request, report)
    query = request.GET.urlencode()
    page_url, csv_url, pdf_url = url_names
    return render(
        request,
        "reporting/report_page.html",
        {
            **catalog.context(request.user, report, made),
            "form": form,
            "content_template": report.content_template,
            "page_url": page_url,
            "csv_url": csv_url,
            "pdf_url": pdf_url,
            "release_code": report.code,
            "charts": report.charts(made) if made is not None else [],
            "query": f"?{query}" if query else "",
        },
        status=400 if form is not None and form.errors else 200,
    )


def csv(request, report: catalog.Report):
    made = _made_or_404(request, report)
    text, rows = report.csv(made)
    exports.record_export(
        request,
        made,
        form="csv",
        rows=rows,
        source=f"reporting:{report.file_prefix}-csv",
        report=report.code,
    )
    return responses.attachment(
        text, responses.CSV, responses.file_name(report.file_prefix, made, "csv")
    )


def pdf_download(request, report: catalog.Report):
    made = _made_or_404(request, report)
    document = catalog.render_pdf(report, made, user=request.user, request=request)
    exports.record_export(
        request,
        made,
        form="pdf",
        rows=report.rows(made),
        source=f"reporting:{report.file_prefix}-pdf",
        report=report.code,
    )
    return responses.attachment(
        document, responses.PDF, responses.file_name(report.file_prefix, made, "pdf")
    )


def views_of(report: catalog.Report, name: str):
    """The page, CSV and PDF views of a report whose URLs are named
    ``reporting:<name>``, ``-csv`` and ``-pdf``."""
    names = (f"reporting:{name}", f"reporting:{name}-csv", f"reporting:{name}-pdf")

    def page_view(request):
        return page(request, report, names)

    @rate_limited("export")
    def csv_view(request):
        return csv(request, report)

    @rate_limited("export")
    def pdf_view(request):
        return pdf_download(request, report)

    return page_view, csv_view, pdf_view
