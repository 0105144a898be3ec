"""Telling a user that something of theirs moved on: in the app, and by
e-mail where the deployment has a mail server and the user an address.

The e-mail goes once the change that caused it commits (a change rolled
back tells nobody). Limitation: it is sent from the process that made the
change, without retries; a failure is logged and the in-app notification
stands. Remove once mail goes through a queued job with retries.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from bpets.models import Notification

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "BPETS: "


def notify(recipient, text: str, link: str = "") -> Notification:
    """Leave ``recipient`` a notification (and send it by e-mail, if configured).

    ``text`` must name no one's personal information: work names only.
    """
    notification = Notification.objects.create(
        recipient=recipient, text=text[:200], link=link[:200]
    )
    if email_configured() and recipient.email:
        transaction.on_commit(lambda: _send(notification.pk, recipient.email))
    return notification


def email_configured() -> bool:
    return bool(settings.EMAIL_HOST and settings.DEFAULT_FROM_EMAIL)


def _send(notification_id: int, address: str) -> None:
    notification = Notification.objects.get(pk=notification_id)
    body = notification.text
    if notification.link:
        where = settings.SITE_URL + notification.link if settings.SITE_URL else None
        body += f"\n\n{where}" if where else "\n\nSee Notifications in BPETS."
    try:
        send_mail(
            SUBJECT_PREFIX + notification.text[:80],
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
    except Exception:
        logger.exception("notification %s: e-mail not sent", notification_id)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def of(user):
    """The user's own notifications, newest first: nobody reads another's."""
    return Notification.objects.filter(recipient=user)


def mark_read(user, notification_ids=None) -> int:
    """Mark the user's notifications read (all of them, or those named)."""
    unread = of(user).filter(read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
