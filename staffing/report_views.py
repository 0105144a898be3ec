"""The supervisors' reports, as printable pages and as PDFs.

Each page shown and each PDF made is one audit event naming the people in
it by employee id, never by name: the page is a look (a "print"), the PDF
an export. Neither is kept anywhere: a PDF is made for its response.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from bpets import pdf
from security import audit
from security import selectors as security_selectors
from security.models import OrganizationUnit
from security.rate_limits import rate_limited
from staffing import exports, policies, reports, selectors
from staffing.models import Employee

STYLESHEETS = ("css/reports.css",)
# Laying a PDF out takes WeasyPrint about 10 to 20 ms a person here; past
# this many it would outlast the web server's 30-second timeout, so a
# larger report is printed from its page (or team by team) instead.
PDF_MOST_PEOPLE = 1000


@dataclass(frozen=True)
class Printable:
    """One report's page and PDF: their names, and what the audit names.

    ``contents`` gives, for a report made, the record it is about (if any)
    and the ids it shows, as the print's and the download's events hold them.
    """

    title: str
    report: str
    content: str
    page: str
    pdf: str
    filename: str
    contents: Callable


def my_emergency_report(request):
    me = policies.employee_of(request.user)
    if me is None:
        raise Http404("Your login has no employee record.")
    return redirect("staffing:emergency-report-of", pk=me.pk)


def emergency_report(request, pk):
    return _page(request, EMERGENCY, _emergency_report(request, pk), pk)


@rate_limited("export")
def emergency_report_pdf(request, pk):
    return _pdf(request, EMERGENCY, _emergency_report(request, pk), pk)


def rosters(request):
    """Which station's roster: straight to it when there is only one."""
    stations = list(reports.roster_stations(request.user))
    if not stations:
        raise PermissionDenied(
            "Station rosters are for supervisors, personnel and staffing "
            "administrators over the station."
        )
    if len(stations) == 1:
        return redirect("staffing:roster", station=stations[0].pk)
    return render(request, "staffing/reports/rosters.html", {"stations": stations})


def roster(request, station):
    return _page(request, ROSTER, _station_roster(request, station), station)


@rate_limited("export")
def roster_pdf(request, station):
    return _pdf(request, ROSTER, _station_roster(request, station), station)


def _emergency_report(request, pk) -> reports.EmergencyReport:
    leader = selectors.employee(pk)
    if not reports.may_print_emergency_report(request.user, leader):
        raise PermissionDenied(
            "The emergency notification report of a team is for its supervisor "
            "and those above them in the chain of command."
        )
    return reports.emergency_notification(request.user, leader)


def _station_roster(request, pk) -> reports.Roster:
    station = security_selectors.organization_unit(pk)
    if station.kind != OrganizationUnit.Kind.STATION:
        raise Http404("No such station.")
    if not reports.may_print_roster(request.user, station):
        raise PermissionDenied(
            "A station's roster is for supervisors, personnel and staffing "
            "administrators over that station."
        )
    return reports.station_roster(station)


def _emergency_contents(report) -> tuple:
    """Whose emergency and medical details the report shows, by employee id."""
    shown = {str(entry.employee.pk): entry.groups for entry in report.entries}
    only = report.entries[0].employee if len(report.entries) == 1 else None
    return only, {
        "leader": report.leader.pk,
        "employees": {pk: groups for pk, groups in shown.items() if groups},
    }


def _roster_contents(report) -> tuple:
    """Which station, whose work information.

    The people are listed under "people", not "employees": a roster shows
    work information only, which is not a look that a person's "who has
    seen my information" page lists.
    """
    return report.station, {
        "groups": ["work"],
        "people": sorted(person.pk for person in report.people),
    }


EMERGENCY = Printable(
    title="Emergency notification report",
    report="emergency_notification",
    content="staffing/reports/_emergency_notification.html",
    page="staffing:emergency-report-of",
    pdf="staffing:emergency-report-pdf",
    filename="emergency-notification-{}.pdf",
    contents=_emergency_contents,
)
ROSTER = Printable(
    title="Station roster",
    report="station_roster",
    content="staffing/reports/_station_roster.html",
    page="staffing:roster",
    pdf="staffing:roster-pdf",
    filename="station-roster-{}.pdf",
    contents=_roster_contents,
)


def _record_print(request, printable: Printable, report) -> None:
    """The page shown is a look: one event naming the people it shows."""
    target, held = printable.contents(report)
    if not (held.get("employees") or held.get("people")):
        return
    audit.record(
        audit.Kind.PERSONAL_DATA_VIEWED,
        request=request,
        target=target,
        subject_user_id=target.user_id if isinstance(target, Employee) else None,
        details={"action": "print", "report": printable.report, **held},
        source=printable.page,
    )


def _context(request, printable: Printable, report) -> dict:
    return {
        "report": report,
        "title": printable.title,
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }


def _page(request, printable: Printable, report, pk: int) -> HttpResponse:
    """The printable page: the PDF's own content, with Print and Download."""
    _record_print(request, printable, report)
    response = render(
        request,
        "staffing/reports/page.html",
        {
            **_context(request, printable, report),
            "content": printable.content,
            "pdf_url": reverse(printable.pdf, args=[pk]),
            "pdf_most_people": PDF_MOST_PEOPLE,
            "on_screen": True,
        },
    )
    # Personal information: never kept by a browser or a proxy on the way.
    response["Cache-Control"] = "no-store"
    return response


def _pdf(request, printable: Printable, report, pk: int) -> HttpResponse:
    if report.count > PDF_MOST_PEOPLE:
        messages.error(
            request,
            f"A PDF holds at most {PDF_MOST_PEOPLE} people, and this report "
            f"holds {report.count}: print this page instead, or each team's "
            "report.",
        )
        return redirect(printable.page, pk)

    # The file leaves BPETS: an export, not a look at a screen.
    target, held = printable.contents(report)
    exports.record_export(
        request,
        report=printable.report,
        form="pdf",
        rows=report.count,
        source=printable.pdf,
        target=target,
        **held,
    )
    document = pdf.render(
        printable.content,
        _context(request, printable, report),
        title=printable.title,
        stylesheets=STYLESHEETS,
        request=request,
    )
    response = HttpResponse(document, content_type="application/pdf")
    filename = printable.filename.format(pk)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
