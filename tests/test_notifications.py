"""Notifications: each user reads their own, counted in the header."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bpets import notifications
from bpets.models import Notification
from security.models import AuditEvent

pytestmark = pytest.mark.django_db

LISTING = reverse("notifications")


@pytest.fixture
def two(make_user):
    return make_user("reader"), make_user("other")


def test_the_page_lists_ones_own_and_the_header_counts_the_unread(client, two):
    reader, other = two
    notifications.notify(reader, "Your leave request was approved.", "/x/1/")
    notifications.notify(reader, "Your schedule change was denied.", "/x/2/")
    notifications.notify(other, "Someone else's news.", "/x/3/")
    client.force_login(reader)

    page = client.get(LISTING).content.decode()

    assert "Your leave request was approved." in page
    assert "Your schedule change was denied." in page
    assert "Someone else&#x27;s news." not in page
    assert '<span class="usa-tag">2<span class="usa-sr-only"> unread</span>' in page


def test_marking_read_lowers_the_count_and_opening_follows_the_link(client, two):
    reader, _ = two
    first = notifications.notify(reader, "First.", "/scheduling/requests/")
    notifications.notify(reader, "Second.", "")
    client.force_login(reader)

    opened = client.post(reverse("notification-read", args=[first.pk]), {"open": "1"})

    assert opened.status_code == 302
    assert opened["Location"] == "/scheduling/requests/"
    first.refresh_from_db()
    assert first.is_read
    assert notifications.unread_count(reader) == 1
    client.post(reverse("notifications-read-all"))
    assert notifications.unread_count(reader) == 0
    assert "usa-tag" not in client.get(LISTING).content.decode()


def test_anothers_notification_is_not_found_and_the_probe_audited(client, two):
    reader, other = two
    theirs = notifications.notify(other, "Theirs.", "/x/")
    client.force_login(reader)

    response = client.post(reverse("notification-read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.DENIED, actor_id=reader.pk
    ).exists()


def test_a_link_elsewhere_is_never_followed(client, two):
    reader, _ = two
    odd = Notification.objects.create(
        recipient=reader, text="Odd.", link="https://elsewhere.example/"
    )
    client.force_login(reader)

    response = client.post(reverse("notification-read", args=[odd.pk]), {"open": "1"})

    assert response["Location"] == LISTING


def test_the_header_count_costs_one_query(client, two):
    reader, _ = two
    client.force_login(reader)
    with CaptureQueriesContext(connection) as captured:
        client.get(LISTING)

    counted = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "bpets_notification"' in query["sql"] and "read_at" in query["sql"]
    ]
    assert len(counted) == 1


def test_e_mail_goes_only_where_configured(
    two, settings, django_capture_on_commit_callbacks
):
    reader, _ = two
    reader.email = "reader@agency.example"
    reader.save()
    settings.DEFAULT_FROM_EMAIL = "bpets@agency.example"
    settings.SITE_URL = ""

    settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(reader, "Not mailed.", "/x/")
    settings.EMAIL_HOST = "127.0.0.1"
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(reader, "Mailed.", "/x/")

    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to) == (
        "BPETS: Mailed.",
        "Mailed.\n\nSee Notifications in BPETS.",
        ["reader@agency.example"],
    )
