"""The demo's author, approver and orders: loaded once, each step theirs."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from operations_orders.models import Order
from security.models import User
from staffing.models import Employee

pytestmark = pytest.mark.django_db


def test_the_demo_orders_are_made_once_by_their_author(demo):
    call_command("load_demo", stdout=io.StringIO())

    orders = Order.objects.order_by("number")
    assert [(order.name, order.status) for order in orders] == [
        ("Operation Western Washes", "ACTIVE"),
        ("Operation Quiet Ridge", "SUBMITTED"),
    ]
    active = orders[0]
    assert active.author.user.username == "ops-author"
    assert active.decided_by.username == "ops-approver"
    assert list(active.revisions.values_list("number", flat=True)) == [1, 2]
    assert (
        Employee.objects.filter(
            user__username__in=["ops-author", "ops-approver"]
        ).count()
        == 2
    )


def test_the_approver_is_offered_the_waiting_order(demo, client):
    client.force_login(User.objects.get(username="ops-approver"))
    waiting = Order.objects.get(status="SUBMITTED")

    page = client.get(reverse("operations_orders:detail", args=[waiting.pk]))

    assert "Return with comments" in page.content.decode()
