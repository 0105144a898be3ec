"""Recording audit events.

Inside a request, events are collected while it runs and written in one
insert before the response leaves (``AuditMiddleware``); if that write
fails, the user gets an error page instead of an unaudited one. Outside a
request (commands, Celery tasks) each event is written at once. Events are
never sent through the broker.
"""

import logging
from contextvars import ContextVar

from django.db import DatabaseError
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
        pending.append(event)
    else:
        event.save()
    return event


def write_pending() -> int:
    """Write the request's collected events in one insert; how many there were."""
    pending = _pending.get()
    if not pending:
        return 0
    AuditEvent.objects.bulk_create(pending)
    count = len(pending)
    pending.clear()
    return count


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
