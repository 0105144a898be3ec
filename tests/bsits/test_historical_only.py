"""With BSITS_HISTORICAL_ONLY set, what is recorded stays readable and
nothing new is taken."""

from datetime import date, time

import pytest
from django.urls import reverse

from bsits import services
from bsits.models import Event
from tests.bsits.conftest import RESCUE, SUBJECT

pytestmark = pytest.mark.django_db


@pytest.fixture
def historical(settings):
    settings.BSITS_HISTORICAL_ONLY = True


def test_the_services_refuse_every_change(rescue, editor, units, historical):
    with pytest.raises(services.EventRefused, match="BSITS is historical only"):
        services.record_event(
            actor=editor,
            station=units["nogales"],
            day=date(2026, 7, 5),
            clock=time(9, 0),
            fields=RESCUE,
        )
    with pytest.raises(services.EventRefused, match="historical only"):
        services.add_subject(actor=editor, event=rescue, fields=SUBJECT)
    with pytest.raises(services.EventRefused, match="historical only"):
        services.close_event(actor=editor, event=rescue)

    assert Event.objects.count() == 1
    assert rescue.subjects.count() == 1


def test_the_pages_read_and_offer_no_change(rescue, editor, client, historical):
    client.force_login(editor)

    detail = client.get(reverse("bsits:detail", args=[rescue.pk]))
    landing = client.get(reverse("bsits:index"))
    new = client.post(reverse("bsits:new"), {})
    add = client.post(reverse("bsits:add-subject", args=[rescue.pk]), SUBJECT)

    page = detail.content.decode()
    assert "Zqsubjectgiven Zqsubjectfamily" in page
    assert "BSITS is historical only" in page
    assert "Add a subject" not in page
    assert "Record a death or a rescue" not in landing.content.decode()
    assert (new.status_code, add.status_code) == (403, 403)
    assert rescue.subjects.count() == 1


def test_without_the_setting_the_editor_records(rescue, editor, client):
    client.force_login(editor)

    page = client.get(reverse("bsits:detail", args=[rescue.pk])).content.decode()

    assert "Add a subject" in page
    assert "historical only" not in page
