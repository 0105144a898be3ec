"""The printed daily roster: a page and a PDF, For Official Use Only on
every page, each print audited and rate limited."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from scheduling.models import DailyEntry
from security.models import AuditEvent
from staffing.models import Employee
from tests.scheduling.conftest import build


@pytest.fixture
def long_day(finalized, units):
    """The built Wednesday, with 70 more people on it: several pages."""
    build(finalized)
    day = finalized.daily_schedules.get(day=date(2026, 1, 14))
    first = DailyEntry.objects.filter(daily=day).first()
    for number in range(70):
        person = Employee.objects.create(
            first_name=f"Agent{number:02d}",
            last_name="Roster",
            job_title="Border Patrol Agent",
            duty_station=units["nogales"],
            work_street="1 Station Road",
            work_city="Nogales",
            work_state="AZ",
            work_zip="85621",
        )
        DailyEntry.objects.create(
            daily=day,
            employee=person,
            shift_start=first.shift_start,
            shift_end=first.shift_end,
            remarks="Linewatch at the west gate.",
        )
    return day


def test_the_pdf_is_marked_on_every_page_and_audited(long_day, supervisor):
    client = Client()
    client.force_login(supervisor)

    response = client.get(reverse("scheduling:g481-pdf", args=[long_day.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 1
    texts = [" ".join(page.extract_text().split()) for page in pages]
    for number, text in enumerate(texts, start=1):
        assert text.count("For Official Use Only") >= 2
        assert f"Page {number} of {len(texts)}" in text
    assert "Daily roster (G-481): Nogales" in texts[0]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
    assert event.details == {
        "module": "scheduling",
        "document": "G-481",
        "format": "pdf",
        "rows": 72,
    }
    assert event.target_id == str(long_day.pk)


def test_the_printable_page_is_marked_and_rate_limited(long_day, supervisor, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": (1, 600)}
    client = Client()
    client.force_login(supervisor)
    url = reverse("scheduling:g481-print", args=[long_day.pk])

    first = client.get(url)

    assert first.status_code == 200
    page = first.content.decode()
    assert "For Official Use Only" in page
    assert "Roster, Agent00" in page
    assert client.get(url).status_code == 429
