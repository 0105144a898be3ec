"""Taking in the enforcement system's BSI messages, and deciding the fields
they would have changed under a BSITS editor's hand.

A message for a new event number records the event with its subjects; one
for a known number corrects it, and the system's value wins, except where
an editor changed a field since the system's last message: that field keeps
the editor's value and goes on the station's review list, where an editor
takes the system's value or keeps theirs. History names the sender (the
service account's user, or the person who imported a file) and the message.

A message, or a file of them, is checked whole first; one that is refused
changes nothing, and the refusal is an audit event naming the field at
fault, never a value. Each message taken is an audit event with ids and
counts only.
"""

import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bsits import enforcement, policies, services
from bsits.enforcement import MessageRefused
from bsits.models import Event, EventStatus, ReviewDecision, ReviewItem, Subject
from security import audit, interfaces
from security.models import OrganizationUnit

logger = logging.getLogger(__name__)

PARTNER = "enforcement"
# simple-history keeps a change reason of at most 100 characters.
LONGEST_REASON = 100


@dataclass
class Outcome:
    event: Event
    created: bool
    fields_changed: int
    subjects_added: int
    review_items: int
    # The event had this message already: nothing was changed.
    already_applied: bool = False


def reach_of_unit(unit: OrganizationUnit) -> frozenset[int]:
    """The unit and every unit under it (the tree is three levels deep)."""
    return frozenset(
        OrganizationUnit.objects.filter(
            Q(pk=unit.pk) | Q(parent_id=unit.pk) | Q(parent__parent_id=unit.pk)
        ).values_list("pk", flat=True)
    )


def find_station(sector_code: str, station: str):
    """The station named (or coded) ``station`` in the sector ``sector_code``."""
    text = station.strip()
    return (
        OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION,
            parent__kind=OrganizationUnit.Kind.SECTOR,
            parent__code=sector_code,
        )
        .filter(Q(name__iexact=text) | (Q(code__iexact=text) & ~Q(code="")))
        .select_related("parent")
        .first()
    )


def _out_of_scope() -> MessageRefused:
    return MessageRefused(
        "station: the sender may not write the events of that station.",
        field="station",
        reason="out_of_scope",
    )


def read_message(data, units: frozenset[int]) -> enforcement.Message:
    """The message checked whole, and its station within ``units``."""
    if policies.is_historical_only():
        raise MessageRefused(services.HISTORICAL_ONLY, reason="historical_only")
    message = enforcement.read(data, find_station)
    if message.station.pk not in units:
        raise _out_of_scope()
    return message


def _reason(message_id: str, suffix: str) -> str:
    return f"Enforcement system message {message_id}{suffix}"[:LONGEST_REASON]


def _supersede(item: ReviewItem, actor, when) -> None:
    item.decision = ReviewDecision.SUPERSEDED
    item.decided_at = when
    services.save_row(item, actor, "Overtaken by a later message")


def _kept_before(event, subject, name: str, local, system) -> bool:
    """Has an editor already kept ``local`` against this very ``system`` value?"""
    last = (
        ReviewItem.objects.filter(
            event=event, subject=subject, field=name, decision=ReviewDecision.LOCAL
        )
        .order_by("-decided_at", "-pk")
        .first()
    )
    return last is not None and (last.local_value, last.system_value) == (
        local,
        system,
    )


@dataclass
class _Merge:
    """What one message does to one event or one of its subjects (``row``)."""

    row: object
    event: Event
    subject: Subject | None
    actor: object
    message_id: str
    when: object
    changed: dict = field(default_factory=dict)  # name -> the value before
    opened: int = 0

    def run(self, incoming: dict) -> "_Merge":
        """Write into the row what the message says where no editor changed
        the field since the system's last message; list the others."""
        stored = self.row.enforcement_values or {}
        open_items = {
            item.field: item
            for item in ReviewItem.objects.filter(
                event=self.event, subject=self.subject, decision=""
            )
        }
        for name, value in incoming.items():
            now = enforcement.current(self.row, name)
            open_item = open_items.get(name)
            if now == value or name not in stored or now == stored[name]:
                if open_item is not None:
                    _supersede(open_item, self.actor, self.when)
                if now != value:
                    enforcement.assign(self.row, name, value)
                    self.changed[name] = now
                continue
            # Changed here since the system last spoke: the editor's value
            # stays, and the system's is listed once.
            if open_item is not None and open_item.system_value == value:
                continue
            if _kept_before(self.event, self.subject, name, now, value):
                continue
            if open_item is not None:
                _supersede(open_item, self.actor, self.when)
            self._open(name, now, value)
        self._settle(incoming)
        return self

    def _settle(self, incoming: dict) -> None:
        """The system's values that cannot stand beside one an editor keeps
        (its link to an enforcement event beside the editor's disposition,
        say) wait for review with it, rather than refusing the message."""
        if not self.changed:
            return
        try:
            self.row.full_clean()
        except ValidationError:
            for name, before in self.changed.items():
                enforcement.assign(self.row, name, before)
                self._open(name, before, incoming[name])
            self.changed = {}

    def _open(self, name: str, local, system) -> None:
        item = ReviewItem(
            event=self.event,
            subject=self.subject,
            field=name,
            local_value=local,
            system_value=system,
            message_id=self.message_id,
            received_at=self.when,
        )
        services.save_row(item, self.actor, f"Listed: message {self.message_id}")
        self.opened += 1


def _save(row, actor, reason: str, path: str) -> None:
    try:
        services.save_row(row, actor, reason)
    except ValidationError as error:
        # The message was checked field by field; what is left is a rule
        # between fields, said as the model says it.
        text = " ".join(" ".join(texts) for texts in error.message_dict.values())
        raise MessageRefused(f"{path}: {text}", field=path) from None


def _new_event(message, actor, reason) -> Event:
    station = message.station
    event = Event(
        station=station,
        sector_id=station.parent_id,
        recorded_by=actor,
        enforcement_event_number=message.event_number,
    )
    _mark_applied(event, message)
    for name, value in message.values.items():
        enforcement.assign(event, name, value)
    event.number = services.next_number(station.parent, event.fiscal_year)
    _save(event, actor, reason, "message")
    return event


def _apply_subjects(event, message, *, actor, reason, when) -> tuple[int, int, int]:
    """(fields changed, subjects added, review items opened)."""
    known = {
        subject.enforcement_subject_number: subject
        for subject in event.subjects.filter(enforcement_subject_number__isnull=False)
    }
    changed = added = opened = 0
    for index, record in enumerate(message.subjects):
        path = f"subjects[{index}]"
        subject = known.get(record.number)
        if subject is None:
            subject = Subject(event=event, enforcement_subject_number=record.number)
            for name, value in record.values.items():
                enforcement.assign(subject, name, value)
            subject.enforcement_values = record.values
            _save(subject, actor, reason, path)
            added += 1
            continue
        merge = _Merge(subject, event, subject, actor, message.message_id, when).run(
            record.values
        )
        opened += merge.opened
        if merge.changed or subject.enforcement_values != record.values:
            subject.enforcement_values = record.values
            _save(subject, actor, reason, path)
            changed += len(merge.changed)
    return changed, added, opened


def _reopen_if_needed(event) -> bool:
    # A closed event whose subject is no longer final is open again.
    if event.status != EventStatus.CLOSED:
        return False
    if all(subject.is_final for subject in event.subjects.all()):
        return False
    event.status = EventStatus.OPEN
    event.closed_at = None
    return True


def _check_order(event, message, units) -> bool:
    """Whether ``message`` was applied to the known ``event`` already; refuse
    it if it may not touch the event or was sent before the last one."""
    if event.station_id != message.station.pk:
        if event.station_id not in units:
            # Said as of any station out of reach, so that the answer does
            # not tell the sender the number is known elsewhere.
            raise _out_of_scope()
        raise MessageRefused(
            "station: the event is recorded at another station; a message "
            "does not move it.",
            field="station",
        )
    if message.message_id in event.enforcement_message_ids:
        return True
    if event.enforcement_sent_at and message.sent_at <= event.enforcement_sent_at:
        raise MessageRefused(
            "sent_at: the event has a message sent at or after this one; a "
            "late message does not undo a newer one.",
            field="sent_at",
            reason="stale",
        )
    return False


def _mark_applied(event, message) -> None:
    event.enforcement_values = message.values
    event.enforcement_message_id = message.message_id
    event.enforcement_message_ids = [*event.enforcement_message_ids, message.message_id]
    event.enforcement_sent_at = message.sent_at


def _apply(message, *, actor, units, suffix: str, when) -> Outcome:
    reason = _reason(message.message_id, suffix)
    event = (
        Event.objects.select_for_update()
        .select_related("station", "sector")
        .filter(enforcement_event_number=message.event_number)
        .first()
    )
    created = event is None
    if created:
        event = _new_event(message, actor, reason)
        merge = _Merge(event, event, None, actor, message.message_id, when)
    elif _check_order(event, message, units):
        return Outcome(event, False, 0, 0, 0, already_applied=True)
    else:
        merge = _Merge(event, event, None, actor, message.message_id, when).run(
            message.values
        )
    changed, added, opened = _apply_subjects(
        event, message, actor=actor, reason=reason, when=when
    )
    try:
        services.check_free_text(event)
    except services.EventRefused as refusal:
        raise MessageRefused(str(refusal), field=refusal.field or "") from None
    _reopen_if_needed(event)
    if not created:
        # Saved even when no value moved: the message is now applied.
        _mark_applied(event, message)
        _save(event, actor, reason, "message")
    return Outcome(
        event=event,
        created=created,
        fields_changed=len(merge.changed) + changed,
        subjects_added=added,
        review_items=merge.opened + opened,
    )


def _audit_received(outcome: Outcome, message, *, actor, request, source, via):
    audit.record(
        audit.Kind.INTERFACE_RECEIVED,
        actor=actor,
        request=request,
        target=outcome.event,
        source=source,
        details={
            "partner": PARTNER,
            "via": via,
            "message": message.message_id,
            "enforcement_event": message.event_number,
            # The station whose event it wrote: the sector's account's
            # messages are then in that station's audit scope.
            "unit": outcome.event.station_id,
            "created": outcome.created,
            "fields_changed": outcome.fields_changed,
            "subjects_added": outcome.subjects_added,
            "review_items": outcome.review_items,
            "already_applied": outcome.already_applied,
        },
    )


def audit_refused(refusal: MessageRefused, *, actor, request, source, via):
    audit.record(
        audit.Kind.INTERFACE_REFUSED,
        actor=actor,
        request=request,
        source=source,
        details={
            "partner": PARTNER,
            "reason": refusal.reason,
            "field": refusal.field,
            "via": via,
        },
    )
    logger.info(
        "BSI message refused",
        extra={"reason": refusal.reason, "field": refusal.field, "via": via},
    )


def _decoded(body: bytes, what: str):
    too_deep = enforcement.nesting_refusal(body, what)
    if too_deep is not None:
        raise too_deep
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MessageRefused(f"{what}: is not JSON in UTF-8.", field=what) from None
    except RecursionError:
        # The nesting check should have stopped it; never a 500 all the same.
        raise MessageRefused(
            f"{what}: nests arrays and objects too deep.", field=what
        ) from None


def receive(
    *, body: bytes, actor, units, request=None, source="", via="endpoint"
) -> Outcome:
    """Take one signed message's ``body`` (already checked for its signature)
    from ``actor``, who may write the events of the stations in ``units``."""
    where = {"actor": actor, "request": request, "source": source, "via": via}
    try:
        message = read_message(_decoded(body, "message"), units)
        with transaction.atomic():
            outcome = _apply(
                message, actor=actor, units=units, suffix="", when=timezone.now()
            )
            _audit_received(outcome, message, **where)
    except MessageRefused as refusal:
        audit_refused(refusal, **where)
        raise
    return outcome


def _messages_of(data) -> list:
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list) and data:
        return data
    raise MessageRefused(
        "file: must hold one message (a JSON object) or a list of them.",
        field="file",
    )


def import_file(
    *, body: bytes, signature, name: str, actor, units, request=None, source=""
) -> list[Outcome]:
    """Take a signed file of messages whole, or refuse it whole.

    ``signature`` travels beside the file; an unsigned or badly signed file
    raises ``interfaces.SignatureRefused`` (audited there).
    """
    interfaces.check_signature(
        PARTNER,
        body,
        signature,
        actor=actor,
        request=request,
        source=source,
        details={"via": "file"},
    )
    suffix = f", file {name}"[: LONGEST_REASON - 60]
    where = {"actor": actor, "request": request, "source": source, "via": "file"}
    try:
        messages = []
        for index, data in enumerate(_messages_of(_decoded(body, "file"))):
            with _numbered(index):
                messages.append(read_message(data, units))
        when = timezone.now()
        outcomes = []
        with transaction.atomic():
            for index, message in enumerate(messages):
                with _numbered(index):
                    outcome = _apply(
                        message, actor=actor, units=units, suffix=suffix, when=when
                    )
                _audit_received(outcome, message, **where)
                outcomes.append(outcome)
    except MessageRefused as refusal:
        audit_refused(refusal, **where)
        raise
    return outcomes


@contextmanager
def _numbered(index: int):
    """A refusal of one message of a file, said with the message's number."""
    try:
        yield
    except MessageRefused as refusal:
        raise MessageRefused(
            f"Message {index + 1}: {refusal}",
            field=f"[{index}].{refusal.field}",
            reason=refusal.reason,
        ) from None


def decide(*, actor, item: ReviewItem, decision: str) -> ReviewItem:
    """An editor's answer to a review item: take the system's value, or keep
    the local one; either way the row's history says so."""
    event = item.event
    services.require_editor(actor, event.station_id, event, "bsits.review")
    if not item.is_open:
        raise services.EventRefused("This field has been decided already.")
    if decision not in (ReviewDecision.SYSTEM, ReviewDecision.LOCAL):
        raise services.EventRefused("Take the system's value or keep the local one.")
    row = item.subject or event
    label = enforcement.label(item.field).lower()
    with transaction.atomic():
        if decision == ReviewDecision.SYSTEM:
            enforcement.assign(row, item.field, item.system_value)
            reason = f"Review: the enforcement system's {label} taken"
        else:
            reason = f"Review: the local {label} kept"
        reason = f"{reason} (message {item.message_id})"[:LONGEST_REASON]
        if item.subject is None:
            services.check_free_text(event)
        try:
            services.save_row(row, actor, reason)
        except ValidationError as error:
            # The system's value may need another of its values first (a
            # link to an enforcement event needs an arrest).
            raise services.EventRefused(" ".join(error.messages)) from None
        if item.subject is not None and _reopen_if_needed(event):
            services.save_row(event, actor, "Reopened: a disposition is not final")
        item.decision = decision
        item.decided_at = timezone.now()
        item.decided_by = actor
        services.save_row(item, actor, reason)
    return item
