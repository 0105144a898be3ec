"""The reports an analyst can ask for, each with its form, how it is made
from what was asked, its printable content and its CSV: the generic views
serve them, and a release outside the agency re-makes one from the
parameters recorded with the request."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from bpets import pdf
from reporting import (
    aor,
    charts,
    exports,
    forms,
    intelligence,
    intelligence_exports,
    zone_exports,
    zones,
)


@dataclass(frozen=True)
class Report:
    code: str
    title: str
    form_class: type
    make: Callable  # (places, area, first_year, last_year, cleaned) -> report
    content_template: str
    csv: Callable  # report -> (text, rows)
    file_prefix: str
    stylesheets: tuple[str, ...] = ("css/reports.css",)
    # report -> [charts.Chart], drawn on the page beside the tables; the PDF
    # carries the tables alone.
    charts: Callable = lambda made: []

    @staticmethod
    def rows(made) -> int:
        return len(made.lines)


def _aor(places, area, first_year, last_year, cleaned):
    return aor.summary(places, area, first_year, last_year)


def _zones(places, area, first_year, last_year, cleaned):
    return zones.report(places, area, first_year, last_year, cleaned.get("as_of"))


AOR_SUMMARY = Report(
    code="aor_summary",
    title="AOR summary",
    form_class=forms.AorForm,
    make=_aor,
    content_template="reporting/_aor_summary.html",
    csv=exports.summary_csv,
    file_prefix="aor-summary",
)
ZONES = Report(
    code="gpra_zones",
    title="GPRA zone report",
    form_class=forms.ZoneReportForm,
    make=_zones,
    content_template="reporting/_zones.html",
    csv=zone_exports.zone_csv,
    file_prefix="gpra-zones",
    charts=charts.zone_charts,
)

APPREHENSIONS = Report(
    code="apprehensions",
    title="Apprehension report",
    form_class=forms.AorForm,
    make=intelligence.apprehensions,
    content_template="reporting/_apprehensions.html",
    csv=intelligence_exports.apprehensions_csv,
    file_prefix="apprehensions",
    charts=charts.apprehension_charts,
)
NATIONAL_GUARD = Report(
    code="national_guard",
    title="National Guard report",
    form_class=forms.AorForm,
    make=intelligence.national_guard,
    content_template="reporting/_national_guard.html",
    csv=intelligence_exports.national_guard_csv,
    file_prefix="national-guard",
    charts=charts.national_guard_charts,
)
CANINE_ASSISTS = Report(
    code="canine_assists",
    title="Canine assists report",
    form_class=forms.AorForm,
    make=intelligence.canine_assists,
    content_template="reporting/_canine_assists.html",
    csv=intelligence_exports.canine_assists_csv,
    file_prefix="canine-assists",
    charts=charts.canine_charts,
)

REPORTS = {
    report.code: report
    for report in (AOR_SUMMARY, ZONES, APPREHENSIONS, NATIONAL_GUARD, CANINE_ASSISTS)
}
CHOICES = [(report.code, report.title) for report in REPORTS.values()]


def context(user, report: Report, made) -> dict:
    return {
        "title": report.title,
        "report": made,
        "summary": made,  # the AOR summary's template names it so
        "printed_at": timezone.now(),
        "printed_by": user,
        "not_reported": exports.NOT_REPORTED,
    }


def render_pdf(report: Report, made, *, user, request=None, marking=None):
    options = {"marking": marking} if marking else {}
    return pdf.render(
        report.content_template,
        context(user, report, made),
        title=f"{report.title}, {made.area.label}",
        stylesheets=report.stylesheets,
        request=request,
        **options,
    )
