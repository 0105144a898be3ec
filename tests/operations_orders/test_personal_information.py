"""Orders hold no personal information: identifier-shaped text is refused,
naming the field; the look-alikes pass."""

import pytest
from django.urls import reverse

from bpets import identifiers
from operations_orders import services
from operations_orders.models import Order
from tests.operations_orders.conftest import PARAGRAPHS

REFUSED = [
    ("123-45-6789", "a Social Security number"),
    ("123 45 6789", "a Social Security number"),
    ("123456789", "a Social Security number"),
    ("Subject SSN 078-05-1120, found at mile 12.", "a Social Security number"),
    ("A12345678", "an alien number"),
    ("A123456789", "an alien number"),
    ("A-12345678", "an alien number"),
    ("file a-123456789 closed", "an alien number"),
    # Separated otherwise, or with characters that look like the usual ones.
    ("SSN 123.45.6789", "a Social Security number"),
    ("123 - 45 - 6789", "a Social Security number"),
    ("123/45/6789", "a Social Security number"),
    ("123-45 6789", "a Social Security number"),
    ("123_45_6789", "a Social Security number"),
    ("123\u201345\u20136789", "a Social Security number"),  # en dashes
    ("123\u00a045\u00a06789", "a Social Security number"),  # no-break spaces
    ("12\u200b3-45-6789", "a Social Security number"),  # a zero-width space
    ("\uff11\uff12\uff13-45-6789", "a Social Security number"),  # full width
    ("$123-45-6789", "a Social Security number"),
    ("A#12345678", "an alien number"),
    ("A-123-456-789", "an alien number"),
    ("A123-456-789", "an alien number"),
    ("A 123 456 789", "an alien number"),
    ("A 12345678", "an alien number"),
    ("Alien no. A12 345 678", "an alien number"),
    ("FileA12345678", "an alien number"),
    ("a 123 456 789", "an alien number"),
    ("file a.12345678", "an alien number"),
]
ACCEPTED = [
    "(520) 555-0150",
    "520-555-0150",
    "5205550150",
    "2026-10-01",
    "10/01/2026",
    "$123,456,789",
    "$1,234.56",
    "123456789.50",
    "TCA-2026-0042",
    "85621-1234",
    "1234567890",
    "A1234567",
    "A1234567890",
    "Route 123-45",
    "Area 12345678",
    "TCA-2026-0042 and TCA 20260042",
    "A 1234 5678 9012",
    "Area 51 1234 5678 9012",
    "Mile 123.45, 6789 feet",
    "0600-0800 and 1800-0600",
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_an_identifier_is_seen(text, kind):
    assert identifiers.identifier_in(text) == kind


@pytest.mark.parametrize("text", ACCEPTED)
def test_a_look_alike_passes(text):
    assert identifiers.identifier_in(text) is None


@pytest.mark.django_db
class TestTheService:
    def test_it_refuses_naming_the_field_and_saves_nothing(self, draft):
        paragraphs = {**PARAGRAPHS, "situation": "Found A-12345678 near the wash."}

        with pytest.raises(services.OrderRefused) as refusal:
            draft(paragraphs=paragraphs)

        assert refusal.value.fields == {
            "situation": "Situation holds what looks like an alien number. Orders "
            "hold no personal information: take it out."
        }
        assert not Order.objects.exists()

    def test_it_checks_the_cost_lines_and_the_after_action_summary(
        self, draft, active, author
    ):
        with pytest.raises(services.OrderRefused) as refusal:
            draft(
                estimates=[
                    services.CostEntry("OTHER", "Refund to 123-45-6789", 10),
                ]
            )
        assert list(refusal.value.fields) == ["cost_1"]

        with pytest.raises(services.OrderRefused) as refusal:
            services.close_order(
                actor=author,
                order=active,
                after_action="Subject 123 45 6789 released.",
                actuals=[],
            )
        assert list(refusal.value.fields) == ["after_action"]

    def test_phone_numbers_dates_and_amounts_pass(self, draft):
        order = draft(
            purpose="Call (520) 555-0150 from 2026-07-01; budget $12,500.00; "
            "see TCA-2026-0001.",
        )

        assert order.pk is not None


@pytest.mark.django_db
def test_the_form_names_the_field_and_keeps_what_was_typed(client, author, units):
    client.force_login(author)
    data = {
        "sector": units["tucson"].pk,
        "station": units["nogales"].pk,
        "name": "Operation Western Washes",
        "purpose": "Interdiction.",
        "starts_on": "2026-07-01",
        "ends_on": "2026-07-31",
        **PARAGRAPHS,
        "mission": "Find the man with SSN 078-05-1120.",
        "estimate-TOTAL_FORMS": "1",
        "estimate-INITIAL_FORMS": "1",
        "estimate-0-category": "FUEL",
        "estimate-0-description": "Fuel",
        "estimate-0-amount": "250.00",
    }

    response = client.post(reverse("operations_orders:new"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Mission holds what looks like a Social Security number. Orders hold no "
        "personal information: take it out."
    ) in page
    assert "Find the man with SSN 078-05-1120." in page
    assert 'value="250.00"' in page
    assert "no Social Security or alien numbers" in page
    assert not Order.objects.exists()
