"""Recording audit events.

Inside a request, events are collected while it runs and written in one
insert before the response leaves (``AuditMiddleware``); if that write
fails, the user gets an error page instead of an unaudited one. Outside a
request (commands, Celery tasks) each event is written at once. Events are
never sent through the broker.
"""

import json
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.views.defaults import server_error

from security.models import AuditEvent

logger = logging.getLogger(__name__)

Kind = AuditEvent.Kind

_pending: ContextVar[list[AuditEvent] | None] = ContextVar(
    "bpets_audit_pending", default=None
)
_request: ContextVar[object | None] = ContextVar("bpets_audit_request", default=None)


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record(
    kind: str,
    *,
    actor=None,
    request=None,
    target=None,
    subject_user_id: int | None = None,
    details: dict | None = None,
    source: str = "",
) -> AuditEvent:
    """Record that ``actor`` did ``kind`` (to ``target``, about a subject).

    ``actor`` defaults to the request's user; with neither, the event goes
    to the system chain. ``details`` must hold ids and codes only.
    """
    request = request or _request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    actor_id = actor.pk if actor is not None else None
    event = AuditEvent(
        actor_id=actor_id,
        actor_username=actor.get_username() if actor is not None else "",
        chain=AuditEvent.chain_for(actor_id),
        kind=kind,
        client_address=client_address(request),
        source=source or (request.path if request is not None else ""),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        subject_user_id=subject_user_id,
        details=details or {},
    )

    pending = _pending.get()
    if pending is not None:
        if kind not in STANDS_ALONE:
            _follow_transaction(event)
        pending.append(event)
    else:
        event.save()
    return event


# A refusal or a look happened whatever becomes of the work around it; an
# event that records a change (a grant, a new account) is true only if the
# change is kept, so inside a request it is written only if its transaction
# commits. Outside a request events are written at once, in the transaction.
STANDS_ALONE = frozenset(
    {
        Kind.DENIED,
        Kind.GRANT_REFUSED,
        Kind.LOGIN_FAILED,
        Kind.LOCKOUT,
        Kind.PERSONAL_DATA_VIEWED,
        Kind.PERSONAL_DATA_SEARCHED,
        Kind.AUDIT_SEARCHED,
        Kind.INTERFACE_REFUSED,
        Kind.INTERFACE_PULLED,
    }
)


def _follow_transaction(event: AuditEvent) -> None:
    if not connection.in_atomic_block:
        return

    def committed():
        event._bpets_committed = True

    event._bpets_committed = False
    event._bpets_on_commit = committed
    transaction.on_commit(committed)


def _stands(event: AuditEvent) -> bool:
    """Is the event's transaction committed, or still open (as in a test)?

    Django drops the on-commit callbacks of a savepoint or transaction that
    rolls back from ``connection.run_on_commit``; one gone without having
    run marks an event whose change was undone.
    """
    callback = getattr(event, "_bpets_on_commit", None)
    if callback is None or event._bpets_committed:
        return True
    return any(entry[1] is callback for entry in connection.run_on_commit)


def pending(kind: str) -> bool:
    """Has this request already recorded an event of ``kind``?"""
    return any(event.kind == kind for event in _pending.get() or ())


COPY_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "chain",
    "kind",
    "client_address",
    "source",
    "target_type",
    "target_id",
    "subject_user_id",
    "details",
)


def write_pending() -> int:
    """Write the request's collected events in one statement; how many there were."""
    pending = _pending.get()
    if not pending:
        return 0
    standing = [event for event in pending if _stands(event)]
    if standing:
        _write(standing)
    pending.clear()
    return len(standing)


def _write(events: list[AuditEvent]) -> None:
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(events)
        return

    # COPY costs a third of an INSERT through the ORM for a page's events,
    # and it is still one statement: all are written or none.
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in COPY_COLUMNS)
    statement = f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for event in events:
            copy.write_row(
                (
                    event.occurred_at,
                    event.actor_id,
                    event.actor_username,
                    event.chain,
                    event.kind,
                    event.client_address,
                    event.source,
                    event.target_type,
                    event.target_id,
                    event.subject_user_id,
                    json.dumps(event.details, cls=DjangoJSONEncoder),
                )
            )


@contextmanager
def collecting():
    """Collect the events recorded inside, and write them when it is over.

    For work outside a request (a command, a Celery task), as a request
    does: a refusal recorded in a transaction that then rolls back is still
    written, and an event about a change only if the change was kept.
    Inside a request, or inside another ``collecting``, it adds nothing.
    """
    if _pending.get() is not None:
        yield
        return
    token = _pending.set([])
    try:
        yield
    finally:
        try:
            write_pending()
        finally:
            _pending.reset(token)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending_token = _pending.set([])
        request_token = _request.set(request)
        try:
            response = self.get_response(request)
            try:
                write_pending()
            except DatabaseError:
                logger.exception(
                    "audit events could not be written, path %s", request.path
                )
                return server_error(request)
            return response
        finally:
            _pending.reset(pending_token)
            _request.reset(request_token)
