"""The only code that records and changes deaths, rescues and their subjects.

Every write is refused while the module is historical only, and refused
(and audited) for anyone but a BSITS editor over the event's station.
History rows carry the acting user.
"""

import re

from django.db import transaction
from django.utils import timezone

from bpets import identifiers
from bsits import policies
from bsits.models import Event, EventStatus, EventType, Subject
from bsits.statistics import fiscal_year_of
from security import audit
from security.models import OrganizationUnit
from vehicles import local_time

HISTORICAL_ONLY = (
    "BSITS is historical only: new deaths and rescues are recorded in the "
    "agency's new system, and what is here can be read but not changed."
)
EVENT_FIELDS = (
    "event_type",
    "location_description",
    "latitude",
    "longitude",
    "terrain",
    "circumstance",
    "circumstance_notes",
    "medical_examiner_cause",
    "responses",
    "response_notes",
)
# The event's free text, which any BSITS viewer reads: who the subjects are
# belongs in the subjects alone, which only editors see.
FREE_TEXT_FIELDS = (
    "location_description",
    "circumstance_notes",
    "medical_examiner_cause",
    "response_notes",
)
NO_ONE_NAMED = (
    "Who the subjects are goes under Subjects, which only the station's BSITS "
    "editors see: take it out."
)
# A name shorter than this is too likely an ordinary word to refuse.
SHORTEST_NAME_CHECKED = 3
SUBJECT_FIELDS = (
    "family_name",
    "given_names",
    "date_of_birth",
    "nationality",
    "gender",
    "citizenship_status",
    "disposition",
    "enforcement_event_number",
    "fin",
)


class EventRefused(Exception):
    """The change was refused as a whole; the message says why, for the user,
    and ``field`` names the form field at fault, where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def require_editor(actor, station_id: int, target, action: str) -> None:
    if policies.is_historical_only():
        raise EventRefused(HISTORICAL_ONLY)
    if policies.may_record(actor, station_id):
        return
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=target,
        details={"action": action, "station": station_id},
    )
    raise EventRefused("Only a BSITS editor over the station records its events.")


def save_row(instance, actor, reason: str = "") -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.full_clean()
    instance.save()


def _place_in_time(event: Event, day, clock) -> None:
    event.occurred_at = local_time.instant(day, clock, event.station)
    event.occurred_on = day
    event.fiscal_year = fiscal_year_of(day)


def next_number(sector: OrganizationUnit, fiscal_year: int) -> str:
    prefix = f"BSI-{sector.code or sector.pk}-{fiscal_year}-"
    taken = Event.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:05d}"


def _label(name: str) -> str:
    return str(Event._meta.get_field(name).verbose_name).capitalize()


def subject_names(names) -> set[str]:
    """The words of the subjects' (family name, given names) that free text
    must not hold."""
    return {
        word.casefold()
        for pair in names
        for name in pair
        for word in name.split()
        if len(word) >= SHORTEST_NAME_CHECKED
    }


def free_text_refusal(texts: dict[str, str], names: set[str]):
    """(field, message) for the first of the event's free ``texts`` that
    holds an identifier or one of the subjects' ``names``, or None."""
    for name, message in identifiers.refusals(
        texts, {name: _label(name) for name in texts}, NO_ONE_NAMED
    ).items():
        return name, message
    for name, text in texts.items():
        words = set(re.findall(r"\w+", identifiers.as_read(text).casefold()))
        if words & names:
            return (
                name,
                f"{_label(name)} names one of the event's subjects. {NO_ONE_NAMED}",
            )
    return None


def check_free_text(event: Event) -> None:
    """No identifier, and none of the event's own subjects' names, in the
    text that every BSITS viewer reads."""
    texts = {name: getattr(event, name) for name in FREE_TEXT_FIELDS}
    names = set()
    if event.pk is not None:
        names = subject_names(event.subjects.values_list("family_name", "given_names"))
    refusal = free_text_refusal(texts, names)
    if refusal is not None:
        raise EventRefused(refusal[1], field=refusal[0])


def _check_date_of_birth(event: Event, subject: Subject) -> None:
    born = subject.date_of_birth
    if born is not None and born > event.occurred_on:
        raise EventRefused(
            "The date of birth is after the day of the event.",
            field="date_of_birth",
        )


def _check_time(event: Event) -> None:
    if event.occurred_at > timezone.now():
        raise EventRefused("An event cannot be recorded before it happens.")
    if event.event_type != EventType.DEATH and event.medical_examiner_cause:
        raise EventRefused("Only a death has a cause determined by the examiner.")


def record_event(*, actor, station: OrganizationUnit, day, clock, fields: dict):
    """A new open event at ``station``, at the station's local ``day``, ``clock``."""
    require_editor(actor, station.pk, station, "bsits.record")
    if station.kind != OrganizationUnit.Kind.STATION:
        raise EventRefused("An event is recorded by a station.")
    event = Event(station=station, sector_id=station.parent_id, recorded_by=actor)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    try:
        _place_in_time(event, day, clock)
    except local_time.NoSuchLocalTime as error:
        raise EventRefused(str(error)) from None
    _check_time(event)
    check_free_text(event)

    with transaction.atomic():
        event.number = next_number(station.parent, event.fiscal_year)
        save_row(event, actor, "Recorded")
    return event


def update_event(*, actor, event: Event, day, clock, fields: dict) -> Event:
    """Correct the event, or add what was learnt later (the examiner's cause)."""
    require_editor(actor, event.station_id, event, "bsits.change")
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    try:
        _place_in_time(event, day, clock)
    except local_time.NoSuchLocalTime as error:
        raise EventRefused(str(error)) from None
    _check_time(event)
    check_free_text(event)

    with transaction.atomic():
        save_row(event, actor, "Changed")
    return event


def add_subject(*, actor, event: Event, fields: dict) -> Subject:
    require_editor(actor, event.station_id, event, "bsits.add_subject")
    subject = Subject(event=event, **{name: fields[name] for name in SUBJECT_FIELDS})
    _check_date_of_birth(event, subject)
    with transaction.atomic():
        save_row(subject, actor, "Added")
        _reopen_if_needed(actor, event, subject)
    return subject


def update_subject(*, actor, subject: Subject, fields: dict) -> Subject:
    event = subject.event
    require_editor(actor, event.station_id, subject, "bsits.change_subject")
    for name in SUBJECT_FIELDS:
        setattr(subject, name, fields[name])
    _check_date_of_birth(event, subject)
    with transaction.atomic():
        save_row(subject, actor, "Changed")
        _reopen_if_needed(actor, event, subject)
    return subject


def _reopen_if_needed(actor, event: Event, subject: Subject) -> None:
    # A closed event whose subject is no longer final is open again.
    if event.status == EventStatus.CLOSED and not subject.is_final:
        event.status = EventStatus.OPEN
        event.closed_at = None
        save_row(event, actor, "Reopened: a disposition is not final")


def close_event(*, actor, event: Event) -> Event:
    """Closed once every subject's disposition is final."""
    require_editor(actor, event.station_id, event, "bsits.close")
    if event.status == EventStatus.CLOSED:
        raise EventRefused("The event is already closed.")
    subjects = list(event.subjects.all())
    if not subjects:
        raise EventRefused("An event is closed with its subjects recorded.")
    waiting = [subject for subject in subjects if not subject.is_final]
    if waiting:
        raise EventRefused(
            f"{len(waiting)} of the subjects' dispositions "
            f"{'is' if len(waiting) == 1 else 'are'} not final yet."
        )
    with transaction.atomic():
        event.status = EventStatus.CLOSED
        event.closed_at = timezone.now()
        save_row(event, actor, "Closed")
    return event
