"""The lists, the order's page, its CSV, its print-out and its revisions."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from operations_orders import selectors, services
from operations_orders.models import Order
from security.models import AuditEvent
from tests.operations_orders.conftest import PARAGRAPHS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def orders(draft, author, approver, active):
    """Three orders of Nogales: active in July, a draft in 2025, a closed one."""
    past = draft(
        name="Operation Old Trail",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 15),
        paragraphs={**PARAGRAPHS, "situation": "Smugglers use the old mule trail."},
    )
    closed = draft(name="Operation Dry Creek", starts_on=date(2026, 5, 1))
    services.submit_order(actor=author, order=closed)
    services.approve_order(actor=approver, order=closed)
    services.activate_order(actor=author, order=closed)
    services.close_order(
        actor=author,
        order=closed,
        after_action="Held the line at Dry Creek.",
        actuals=[
            services.CostEntry("FUEL", "Fuel", Decimal("1000.10")),
            services.CostEntry("OTHER", "Radios", Decimal("50.00")),
        ],
    )
    return {"active": active, "past": past, "closed": closed}


def names(orders):
    return sorted(order.name for order in orders)


class TestFilters:
    def test_by_status_and_by_what_is_past_or_ongoing(self, orders, viewer):
        visible = selectors.visible_orders(viewer)
        on = date(2026, 7, 10)

        assert names(selectors.filtered(visible, status="DRAFT")) == [
            "Operation Old Trail"
        ]
        assert names(selectors.filtered(visible, timing="past", today=on)) == [
            "Operation Old Trail"
        ]
        assert names(selectors.filtered(visible, timing="ongoing", today=on)) == [
            "Operation Dry Creek",
            "Operation Western Washes",
        ]
        assert names(selectors.filtered(visible, timing="upcoming", today=on)) == []

    def test_a_date_range_keeps_the_orders_overlapping_it(self, orders, viewer):
        visible = selectors.visible_orders(viewer)

        found = selectors.filtered(
            visible, starts_from=date(2025, 3, 15), ends_by=date(2026, 5, 1)
        )

        assert names(found) == ["Operation Dry Creek", "Operation Old Trail"]

    def test_the_text_search_reads_the_paragraphs_and_the_summary(self, orders, viewer):
        visible = selectors.visible_orders(viewer)

        assert names(selectors.filtered(visible, text="mule trail")) == [
            "Operation Old Trail"
        ]
        assert names(selectors.filtered(visible, text="held the LINE")) == [
            "Operation Dry Creek"
        ]
        assert len(selectors.filtered(visible, text="BORSTAR")) == 3

    def test_another_sector_sees_none_of_them(self, orders, el_paso_approver):
        assert names(selectors.visible_orders(el_paso_approver)) == []

    def test_the_list_page_filters_by_sector(self, orders, viewer, client, units):
        client.force_login(viewer)

        response = client.get(
            reverse("operations_orders:list"),
            {"sector": units["tucson"].pk, "status": "CLOSED"},
        )

        page = response.content.decode()
        assert "Operation Dry Creek" in page
        assert "Operation Old Trail" not in page
        assert "$1,050.10" in page


class TestTheOrderPage:
    def test_the_viewer_reads_it_without_the_buttons(self, orders, viewer, client):
        client.force_login(viewer)

        response = client.get(
            reverse("operations_orders:detail", args=[orders["active"].pk])
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "2. Mission" in page
        assert "Amend" not in page
        assert "23,480.75" in page

    def test_another_sector_gets_not_found_and_it_is_audited(
        self, orders, el_paso_approver, client
    ):
        client.force_login(el_paso_approver)

        response = client.get(
            reverse("operations_orders:detail", args=[orders["active"].pk])
        )

        assert response.status_code == 404
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.DENIED,
            actor_id=el_paso_approver.pk,
            details__action="operations_orders.see",
        ).exists()

    def test_the_approver_approves_from_the_page(self, draft, author, approver, client):
        order = draft()
        services.submit_order(actor=author, order=order)
        client.force_login(approver)

        response = client.post(reverse("operations_orders:approve", args=[order.pk]))

        assert response.status_code == 302
        order.refresh_from_db()
        assert order.status == "APPROVED"

    def test_the_author_cannot_approve_from_the_page(self, draft, author, give, client):
        give(author, "operations_orders", "approver", "tucson")
        order = draft()
        services.submit_order(actor=author, order=order)
        client.force_login(author)

        response = client.post(reverse("operations_orders:approve", args=[order.pk]))

        assert response.status_code == 403
        # The page says why, not that a role is missing: the author holds it.
        assert "The author of an order cannot approve it." in response.text
        assert "You do not have a role" not in response.text
        order.refresh_from_db()
        assert order.status == "SUBMITTED"

    def test_the_revisions_stand_side_by_side(self, active, author, viewer, client):
        services.amend_order(
            actor=author,
            order=active,
            paragraphs={**PARAGRAPHS, "mission": "Patrol the washes and zone 16."},
            estimates=[],
            reason="Zone 16 added.",
        )
        client.force_login(viewer)

        response = client.get(reverse("operations_orders:revisions", args=[active.pk]))

        page = response.content.decode()
        assert "Revision 1 beside revision 2" in page
        assert PARAGRAPHS["mission"] in page
        assert "Patrol the washes and zone 16." in page
        assert page.count(">Changed<") == 2  # the mission and the estimate


class TestTheExport:
    def test_the_csv_holds_the_list_with_its_totals_and_is_audited(
        self, orders, viewer, client
    ):
        client.force_login(viewer)

        response = client.get(reverse("operations_orders:export"), {"status": "CLOSED"})

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        closed = orders["closed"]
        assert rows == [
            [
                "Number",
                "Operation name",
                "Sector",
                "Station",
                "Status",
                "Start date",
                "End date",
                "Revision",
                "Estimated cost (USD)",
                "Actual cost (USD)",
            ],
            [
                closed.number,
                "Operation Dry Creek",
                "Tucson",
                "Nogales",
                "Closed",
                "2026-05-01",
                "2026-07-31",
                "1",
                "23480.75",
                "1050.10",
            ],
        ]
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
        assert event.actor_id == viewer.pk
        assert event.details == {
            "module": "operations_orders",
            "rows": 1,
            "filters": {"status": "CLOSED"},
        }
        assert event.source == "operations_orders:export"

    def test_the_export_is_rate_limited(self, orders, viewer, client, settings):
        settings.RATE_LIMITS = {"export": (1, 600), "login": (30, 60)}
        client.force_login(viewer)
        url = reverse("operations_orders:export")

        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 429


class TestThePrintedOrder:
    def test_the_page_shows_the_order_with_its_print_buttons(
        self, orders, viewer, client
    ):
        client.force_login(viewer)

        response = client.get(
            reverse("operations_orders:print", args=[orders["closed"].pk])
        )

        page = response.content.decode()
        assert "Operations order TCA-" in page
        assert "After-action summary" in page
        assert "Download PDF" in page
        assert "For Official Use Only" in page

    def test_the_pdf_is_marked_on_every_page(self, active, author, viewer, client):
        long_text = "\n\n".join(f"Phase {n}: the teams move on." for n in range(90))
        services.amend_order(
            actor=author,
            order=active,
            paragraphs={**PARAGRAPHS, "execution": long_text},
            estimates=[],
            reason="The phases spelled out.",
        )
        client.force_login(viewer)

        response = client.get(reverse("operations_orders:pdf", args=[active.pk]))

        assert response["Content-Type"] == "application/pdf"
        pages = PdfReader(io.BytesIO(response.content)).pages
        assert len(pages) > 1
        texts = [" ".join(page.extract_text().split()) for page in pages]
        for number, text in enumerate(texts, start=1):
            assert text.count("For Official Use Only") >= 2
            assert f"Page {number} of {len(texts)}" in text
        assert f"Operations order {active.number}" in texts[0]
        assert "Operation Western Washes" in texts[0]
        assert Order.objects.get(pk=active.pk).status == "ACTIVE"
        export = AuditEvent.objects.get(kind="export", actor_id=viewer.pk)
        assert export.details["document"] == "order"


class TestTheStepPages:
    def test_a_return_without_comments_is_refused_on_the_page(
        self, draft, author, approver, client
    ):
        order = draft()
        services.submit_order(actor=author, order=order)
        client.force_login(approver)
        url = reverse("operations_orders:return", args=[order.pk])

        refused = client.post(url, {"comments": ""})
        returned = client.post(url, {"comments": "Name the air support."})

        assert refused.status_code == 400
        assert "This field is required." in refused.content.decode()
        assert returned.status_code == 302
        order.refresh_from_db()
        assert (order.status, order.return_comments) == (
            "RETURNED",
            "Name the air support.",
        )

    def test_the_amendment_page_keeps_what_was_typed_when_refused(
        self, active, author, client
    ):
        client.force_login(author)
        url = reverse("operations_orders:amend", args=[active.pk])
        data = {
            **PARAGRAPHS,
            "reason": "Moved to A-12345678's route.",
            "estimate-TOTAL_FORMS": "0",
            "estimate-INITIAL_FORMS": "0",
        }

        response = client.post(url, data)

        page = response.content.decode()
        assert response.status_code == 400
        assert "Reason for the amendment holds what looks like an alien number." in page
        assert "Moved to A-12345678&#x27;s route." in page
        assert active.revisions.count() == 1

    def test_a_viewer_is_refused_every_step(self, active, viewer, client):
        client.force_login(viewer)

        statuses = [
            client.post(
                reverse(f"operations_orders:{name}", args=[active.pk])
            ).status_code
            for name in ("submit", "approve", "activate", "amend", "close", "edit")
        ]

        assert statuses == [403] * 6
        active.refresh_from_db()
        assert active.status == "ACTIVE"

    def test_the_close_page_closes_with_the_actual_cost(self, active, author, client):
        client.force_login(author)

        response = client.post(
            reverse("operations_orders:close", args=[active.pk]),
            {
                "after_action": "Thirty crossings stopped.",
                "actual-TOTAL_FORMS": "2",
                "actual-INITIAL_FORMS": "2",
                "actual-0-category": "OVERTIME",
                "actual-0-description": "Overtime",
                "actual-0-amount": "1500.25",
                "actual-1-category": "",
                "actual-1-description": "",
                "actual-1-amount": "",
            },
        )

        assert response.status_code == 302
        active.refresh_from_db()
        assert active.status == "CLOSED"
        assert selectors.actual_costs(active).total == Decimal("1500.25")


def test_an_order_named_like_a_formula_is_text_in_the_csv(draft, viewer, client):
    draft(name='=HYPERLINK("http://127.0.0.1:9/x","Open roster")')
    client.force_login(viewer)

    response = client.get(reverse("operations_orders:export"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == '\'=HYPERLINK("http://127.0.0.1:9/x","Open roster")'
