"""The files a report is downloaded as: named by report, area and years,
never cached."""

from django.http import HttpResponse

CSV = "text/csv; charset=utf-8"
PDF = "application/pdf"


def file_name(prefix: str, report, extension: str) -> str:
    years = (
        f"fy{report.first_year}"
        if report.first_year == report.last_year
        else f"fy{report.first_year}-fy{report.last_year}"
    )
    place = report.area.key.replace("/", "-").replace(" ", "-").lower()
    return f"{prefix}-{place}-{years}.{extension}"


def attachment(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
