"""Sending the directory's queued messages: in order, signed, with back-off.

One person's messages go out one at a time and in their order: only the
newest waiting message of a person is sent (it holds the whole listing),
older waiting ones are marked replaced, and while one worker sends a
person's message, another skips that person. A failed attempt is tried
again after 1, 2, 4, ... minutes (at most an hour apart); after
``DIRECTORY_PUSH_MAX_ATTEMPTS`` the message has failed for good and waits
on the queue page for a staffing administrator.
"""

import hashlib
import hmac
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Min
from django.utils import timezone

from security import audit
from security import policies as security_policies
from staffing import directory_push, directory_sinks
from staffing.models import DirectoryMessage

logger = logging.getLogger(__name__)

LONGEST_BACKOFF = timedelta(hours=1)
# A directory that refuses this many in a row is probably down: the rest
# wait for the next run rather than each waiting out a timeout now.
FAILURES_BEFORE_PAUSE = 3
# Well inside Celery's time limit, so a run ends on its own.
LONGEST_RUN = timedelta(minutes=5)
WAITING = (DirectoryMessage.State.PENDING, DirectoryMessage.State.FAILED)


@dataclass
class PushOutcome:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    superseded: int = 0
    busy: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    # The exponent stops growing once past the longest wait.
    minutes = 2 ** min(attempts - 1, 10)
    return min(timedelta(minutes=minutes), LONGEST_BACKOFF)


def signature(body: bytes) -> str:
    """HMAC-SHA-256 of the exact bytes sent, as the directory checks it."""
    key = settings.DIRECTORY_SIGNING_KEY.encode("utf-8")
    return f"sha256={hmac.new(key, body, hashlib.sha256).hexdigest()}"


def signed(message: DirectoryMessage, signed_at: datetime):
    """The message as sent: its body's bytes, and their signature.

    The body names the message and when it was signed, so the directory
    can refuse one it has seen or one signed too long ago.
    """
    stamp = signed_at.astimezone(UTC).isoformat()
    body = directory_push.canonical_json(
        {
            "message_id": message.pk,
            "directory_id": message.directory_id,
            "sequence": message.sequence,
            "action": message.action,
            "listing": message.payload,
            "queued_at": message.created_at.astimezone(UTC).isoformat(),
            "signed_at": stamp,
        }
    ).encode("utf-8")
    return directory_sinks.SignedMessage(
        message_id=message.pk, body=body, signature=signature(body), signed_at=stamp
    )


def push_due(*, sink=None, now: datetime | None = None, people: int = 500):
    """Send what is due, for at most ``people`` people; the counts.

    ``now`` fixes the clock (for tests); otherwise each message is signed
    as it is sent. A run stops early once the directory has refused a few
    in a row or the run has taken long: what is left stays due for the
    next run, without an attempt counted against it.
    """
    sink = sink or directory_sinks.configured()
    clock = (lambda: now) if now else timezone.now
    started = timezone.now()
    outcome = PushOutcome()
    due = (
        DirectoryMessage.objects.filter(
            state=DirectoryMessage.State.PENDING, next_attempt_at__lte=clock()
        )
        .values("directory_id")
        .annotate(first=Min("pk"))
        .order_by("first")
        .values_list("directory_id", flat=True)[:people]
    )
    failures_in_a_row = 0
    for directory_id in list(due):
        if failures_in_a_row >= FAILURES_BEFORE_PAUSE:
            break
        if timezone.now() - started > LONGEST_RUN:
            break
        failed_before = outcome.retrying + outcome.failed
        try:
            _push_newest(directory_id, sink, clock, outcome)
        except OperationalError:
            # Another worker is sending this person's message right now.
            outcome.busy += 1
        if outcome.retrying + outcome.failed > failed_before:
            failures_in_a_row += 1
        else:
            failures_in_a_row = 0
    logger.info("directory push %s", outcome.as_dict())
    return outcome


def _push_newest(directory_id, sink, clock, outcome: PushOutcome) -> None:
    with transaction.atomic():
        waiting = list(
            DirectoryMessage.objects.select_for_update(nowait=True)
            .filter(directory_id=directory_id, state__in=WAITING)
            .order_by("sequence")
        )
        if not waiting:
            return
        newest, older = waiting[-1], waiting[:-1]
        if older:
            DirectoryMessage.objects.filter(pk__in=[m.pk for m in older]).update(
                state=DirectoryMessage.State.SUPERSEDED
            )
            outcome.superseded += len(older)
        now = clock()
        if (
            newest.state != DirectoryMessage.State.PENDING
            or newest.next_attempt_at > now
        ):
            return
        _attempt(newest, sink, now, outcome)


def _attempt(message: DirectoryMessage, sink, now, outcome: PushOutcome) -> None:
    message.attempts += 1
    try:
        sink.send(signed(message, now))
    except Exception as error:  # noqa: BLE001 - any failure is a failed attempt
        message.last_error = _failure_text(error)
        if message.attempts >= settings.DIRECTORY_PUSH_MAX_ATTEMPTS:
            message.state = DirectoryMessage.State.FAILED
            outcome.failed += 1
        else:
            message.next_attempt_at = now + backoff(message.attempts)
            outcome.retrying += 1
        logger.warning(
            "directory message %s attempt %s failed: %s",
            message.pk,
            message.attempts,
            type(error).__name__,
        )
    else:
        message.state = DirectoryMessage.State.SENT
        message.sent_at = now
        message.last_error = ""
        outcome.sent += 1
    message.save(
        update_fields=["attempts", "state", "next_attempt_at", "last_error", "sent_at"]
    )


def _failure_text(error: Exception) -> str:
    if isinstance(error, directory_sinks.DeliveryFailed):
        return str(error)[:200]
    # An unexpected error's text might quote what it was handling.
    return f"Unexpected error ({type(error).__name__})."


class RetryRefused(Exception):
    """The retry was not made; the message says why."""


def may_watch(user, station_id: int) -> bool:
    """Staffing administrators watch the push for the people of their stations."""
    return security_policies.holds_role(
        user, "staffing", "staffing_administrator", station_id
    )


@transaction.atomic
def retry_now(*, actor, message_id: int) -> DirectoryMessage:
    """Give a message that failed for good one more attempt, at once."""
    message = DirectoryMessage.objects.select_for_update().get(pk=message_id)
    if not may_watch(actor, message.station_id):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=message,
            details={"action": "retry directory message"},
        )
        raise RetryRefused("Only staffing administrators over the station retry.")
    if message.state != DirectoryMessage.State.FAILED:
        raise RetryRefused("This message is not waiting for a retry any more.")

    message.state = DirectoryMessage.State.PENDING
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["state", "next_attempt_at"])
    logger.info("directory message %s retried by user %s", message.pk, actor.pk)
    directory_push.push_after_commit()
    return message
