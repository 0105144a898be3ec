"""The printed timesheet, as a page and as a PDF: the schedule as the
supervisor set it, the items the employee entered, the totals, and who
signed each step and when."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bpets import pdf
from security import audit
from security.rate_limits import rate_limited
from timesheet import display, selectors

PRINT_CONTENT = "timesheet/_printed.html"


def _context(request, pk) -> dict:
    sheet = selectors.visible_timesheet(request, pk)
    loaded = selectors.load(request.user, sheet)
    return {
        "sheet": sheet,
        "loaded": loaded,
        "rows": display.day_rows(loaded),
        "whole_period": loaded.whole_period,
        **selectors.shown_totals(loaded),
        "title": f"Timesheet {sheet.employee.last_name} {sheet.pay_period}",
        "printed_at": timezone.now(),
    }


def _record(request, context, form: str) -> None:
    sheet = context["sheet"]
    # Printed, it is still a look at the person's timesheet: the owner reads
    # it on "Who has seen my information", which lists looks, not exports.
    selectors.record_look(request, sheet, f"timesheet:print-{form}", format=form)
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=sheet,
        subject_user_id=sheet.employee.user_id,
        details={
            "module": "timesheet",
            "document": "timesheet",
            "format": form,
            "days": len(context["rows"]),
        },
    )


@rate_limited("export")
def printed(request, pk):
    context = _context(request, pk)
    _record(request, context, "html")
    return render(request, "timesheet/print.html", context)


@rate_limited("export")
def printed_pdf(request, pk):
    context = _context(request, pk)
    document = pdf.render(
        PRINT_CONTENT,
        context,
        title=context["title"],
        stylesheets=("css/reports.css",),
        request=request,
    )
    _record(request, context, "pdf")
    sheet = context["sheet"]
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="timesheet-{sheet.pk}-v{sheet.version}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
