"""The enforcement system's BSI messages: their format, read and checked.

A message is one JSON object: a BSI event as the enforcement system records
it, keyed by its event number there, with all its subjects. It always
carries the whole record, so a field it leaves out is empty, never "as
before". The README ("BSI records from the enforcement system") documents
it with an example; ``bsits/examples/`` holds that example and its
signature.

Reading a message checks all of it before anything is written, and the
first fault is named by its path in the message (``subjects[1].gender``).
Faults never quote the value that was sent, which may be a subject's
personal data.

Each field's value is kept in its "message form" (the text, code, ISO date
or instant, decimal text or sorted list of codes a message holds once
read), both in an event's record of what the system last said and in the
review list; ``current`` gives a stored row's value in that form and
``assign`` writes one back.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from bsits import services
from bsits.models import (
    ENFORCEMENT_EVENT_NUMBER,
    FIN,
    Circumstance,
    CitizenshipStatus,
    Disposition,
    EventType,
    Gender,
    Response,
    Subject,
    Terrain,
)
from bsits.statistics import fiscal_year_of
from vehicles import local_time

FORMAT = "bpets-bsi/1"
# The longest free text a message may hold in one field.
LONGEST_TEXT = 4000
LONGEST_MESSAGE_ID = 40
MOST_SUBJECTS = 200
# A message nests four deep (subjects, a subject, its responses) and a file
# one more; anything much deeper is refused before it is parsed, so that no
# body can drive the JSON parser into Python's recursion limit.
DEEPEST_NESTING = 10
# The most a sending time may run ahead of BPETS's clock.
CLOCK_SKEW = timedelta(minutes=5)


class MessageRefused(Exception):
    """A message BPETS does not take; the text names the field at fault.

    ``reason`` is the code the audit event records: ``malformed`` for a
    fault in the message, ``too_large`` for a body over the limit,
    ``out_of_scope`` for a station the sender may not write, ``stale`` for a
    message sent before the last one applied to its event,
    ``historical_only`` while BSITS takes no new records.
    """

    def __init__(self, message: str, field: str = "", reason: str = "malformed"):
        super().__init__(message)
        self.field = field
        self.reason = reason


class _Fault(ValueError):
    """A value's fault, said without the value."""


def _text(limit: int = LONGEST_TEXT, required: bool = False):
    def read(raw):
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise _Fault("must be text.")
        value = raw.strip()
        if required and not value:
            raise _Fault("must not be empty.")
        if len(value) > limit:
            raise _Fault(f"must be at most {limit} characters.")
        return value

    return read


def _choice(choices):
    def read(raw):
        if raw not in choices.values:
            raise _Fault(f"must be one of {', '.join(choices.values)}.")
        return raw

    return read


def _choices(choices):
    def read(raw):
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
            raise _Fault("must be a list of codes.")
        unknown = set(raw) - set(choices.values)
        if unknown:
            raise _Fault(f"holds a code not among {', '.join(choices.values)}.")
        return sorted(set(raw))

    return read


def _date(raw):
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise _Fault("must be a date as YYYY-MM-DD.")
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise _Fault("must be a date as YYYY-MM-DD.") from None


def _instant(raw):
    if not isinstance(raw, str):
        raise _Fault("must be a date and time as 2026-07-04T14:20:00-07:00.")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _Fault("must be a date and time as 2026-07-04T14:20:00-07:00.") from None
    if moment.tzinfo is None:
        raise _Fault("must carry its offset from UTC (as -07:00 or Z).")
    if moment > timezone.now():
        raise _Fault("is in the future: an event is recorded after it happens.")
    return _instant_text(moment)


def _instant_text(moment: datetime) -> str:
    # BPETS keeps an event's time to the minute, as its pages enter it.
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def _degrees(limit: int):
    def read(raw):
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise _Fault("must be a number of degrees.")
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise _Fault("must be a number of degrees.") from None
        if not value.is_finite() or abs(value) > limit:
            raise _Fault(f"must be between -{limit} and {limit}.")
        if value.as_tuple().exponent < -5:
            raise _Fault("must have at most five decimals.")
        return str(value.quantize(Decimal("0.00001")))

    return read


def _code(pattern, shape: str):
    def read(raw):
        value = _text(limit=20)(raw)
        if value and not pattern.fullmatch(value):
            raise _Fault(f"must be {shape}.")
        return value

    return read


@dataclass(frozen=True)
class Rule:
    label: str
    read: Callable
    required: bool = False


EVENT_RULES = {
    "event_type": Rule("type", _choice(EventType), required=True),
    "occurred_at": Rule("date and time", _instant, required=True),
    "location_description": Rule("location", _text(required=True), required=True),
    "latitude": Rule("latitude", _degrees(90)),
    "longitude": Rule("longitude", _degrees(180)),
    "terrain": Rule("terrain", _choice(Terrain), required=True),
    "circumstance": Rule("circumstance", _choice(Circumstance), required=True),
    "circumstance_notes": Rule("what happened", _text()),
    "medical_examiner_cause": Rule("cause of death (medical examiner)", _text()),
    "responses": Rule("agency response", _choices(Response)),
    "response_notes": Rule("response notes", _text()),
}
SUBJECT_RULES = {
    "family_name": Rule("family name", _text(80)),
    "given_names": Rule("given names", _text(80)),
    "date_of_birth": Rule("date of birth", _date),
    "nationality": Rule("nationality", _text(60)),
    "gender": Rule("gender", _choice(Gender), required=True),
    "citizenship_status": Rule(
        "citizenship status", _choice(CitizenshipStatus), required=True
    ),
    "disposition": Rule("disposition", _choice(Disposition), required=True),
    "enforcement_event_number": Rule(
        "enforcement event",
        _code(ENFORCEMENT_EVENT_NUMBER, "three capital letters and ten digits"),
    ),
    "fin": Rule("FIN", _code(FIN, "ten digits")),
}
TOP_LEVEL = {
    "format",
    "message_id",
    "sent_at",
    "event_number",
    "sector",
    "station",
    "subjects",
}
CHOICES = {
    "event_type": EventType,
    "terrain": Terrain,
    "circumstance": Circumstance,
    "gender": Gender,
    "citizenship_status": CitizenshipStatus,
    "disposition": Disposition,
}


@dataclass
class SubjectRecord:
    number: int
    values: dict


@dataclass
class Message:
    message_id: str
    sent_at: datetime
    event_number: str
    station: object  # the OrganizationUnit the event belongs to
    values: dict
    subjects: list[SubjectRecord]


def _refuse(path: str, problem: str):
    raise MessageRefused(f"{path}: {problem}", field=path)


def _read_fields(data: dict, rules: dict, prefix: str) -> dict:
    values = {}
    for name, rule in rules.items():
        path = f"{prefix}{name}"
        if rule.required and data.get(name) in (None, ""):
            _refuse(path, "is required.")
        try:
            values[name] = rule.read(data.get(name))
        except _Fault as fault:
            _refuse(path, str(fault))
    return values


def _unknown_keys(data: dict, known, where: str) -> None:
    # The key itself is never said: a partner keying by a person's name
    # would otherwise put the name into the answer and the audit log.
    count = len(set(data) - set(known))
    if count == 1:
        _refuse(where, "an unknown field; the format has no such field.")
    if count:
        _refuse(where, f"{count} unknown fields; the format has no such fields.")


def _read_subject(data, index: int, taken: set[int]) -> SubjectRecord:
    prefix = f"subjects[{index}]."
    if not isinstance(data, dict):
        _refuse(f"subjects[{index}]", "must be an object.")
    _unknown_keys(data, {"number", *SUBJECT_RULES}, f"subjects[{index}]")
    number = data.get("number")
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        _refuse(f"{prefix}number", "must be a whole number from 1.")
    if number > 32767:
        _refuse(f"{prefix}number", "must be at most 32767.")
    if number in taken:
        _refuse(f"{prefix}number", "is given to another subject of the message.")
    taken.add(number)

    values = _read_fields(data, SUBJECT_RULES, prefix)
    linked = values["enforcement_event_number"] or values["fin"]
    # The rule of Subject.clean, said of the message's field.
    in_enforcement = Subject(
        citizenship_status=values["citizenship_status"],
        disposition=values["disposition"],
    ).in_enforcement_action
    if linked and not in_enforcement:
        _refuse(
            f"{prefix}enforcement_event_number",
            "only a non-citizen arrested, detained or removed is linked to an "
            "enforcement event.",
        )
    return SubjectRecord(number=number, values=values)


def _check_text(values: dict, subjects: list[SubjectRecord]) -> None:
    """The event's free text, which every BSITS viewer reads, holds no
    identifier and none of the subjects' names."""
    names = services.subject_names(
        (subject.values["family_name"], subject.values["given_names"])
        for subject in subjects
    )
    texts = {name: values[name] for name in services.FREE_TEXT_FIELDS}
    refusal = services.free_text_refusal(texts, names)
    if refusal is not None:
        _refuse(refusal[0], refusal[1])


def read(data, find_station) -> Message:
    """The message in ``data`` (parsed JSON), checked whole.

    ``find_station(sector_code, station)`` gives the station unit or None.
    """
    if not isinstance(data, dict):
        _refuse("message", "must be a JSON object.")
    _unknown_keys(data, TOP_LEVEL | set(EVENT_RULES), "message")
    if data.get("format") != FORMAT:
        _refuse("format", f'must be "{FORMAT}".')
    message_id = data.get("message_id")
    if not isinstance(message_id, str) or not message_id.strip():
        _refuse("message_id", "is required.")
    if len(message_id) > LONGEST_MESSAGE_ID:
        _refuse("message_id", f"must be at most {LONGEST_MESSAGE_ID} characters.")
    sent_at = _sending_time(data.get("sent_at"))
    number = data.get("event_number")
    if not isinstance(number, str) or not ENFORCEMENT_EVENT_NUMBER.fullmatch(number):
        _refuse("event_number", "must be three capital letters and ten digits.")
    for name in ("sector", "station"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            _refuse(name, "is required.")
    station = find_station(data["sector"].strip().upper(), data["station"])
    if station is None:
        _refuse("station", "is not a station of that sector in BPETS.")

    values = _read_fields(data, EVENT_RULES, "")
    if (values["latitude"] is None) != (values["longitude"] is None):
        _refuse("longitude", "give the latitude and the longitude, or neither.")
    if values["event_type"] != EventType.DEATH and values["medical_examiner_cause"]:
        _refuse("medical_examiner_cause", "only a death has one.")

    raw_subjects = data.get("subjects", [])
    if not isinstance(raw_subjects, list):
        _refuse("subjects", "must be a list.")
    if len(raw_subjects) > MOST_SUBJECTS:
        _refuse("subjects", f"must hold at most {MOST_SUBJECTS} subjects.")
    taken: set[int] = set()
    subjects = [
        _read_subject(raw, index, taken) for index, raw in enumerate(raw_subjects)
    ]
    day = local_time.local(datetime.fromisoformat(values["occurred_at"]), station)
    for index, subject in enumerate(subjects):
        born = subject.values["date_of_birth"]
        if born and born > day.date().isoformat():
            _refuse(
                f"subjects[{index}].date_of_birth", "is after the day of the event."
            )
    _check_text(values, subjects)

    return Message(
        message_id=message_id.strip(),
        sent_at=sent_at,
        event_number=number,
        station=station,
        values=values,
        subjects=subjects,
    )


def _sending_time(raw) -> datetime:
    """When the system sent the message, to the microsecond: it orders the
    messages of one event."""
    shape = "must be a date and time as 2026-07-04T14:20:00.125-07:00."
    if raw in (None, ""):
        _refuse("sent_at", "is required.")
    if not isinstance(raw, str):
        _refuse("sent_at", shape)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        _refuse("sent_at", shape)
    if moment.tzinfo is None:
        _refuse("sent_at", "must carry its offset from UTC (as -07:00 or Z).")
    if moment > timezone.now() + CLOCK_SKEW:
        _refuse("sent_at", "is in the future.")
    return moment


def nesting_refusal(body: bytes, what: str) -> MessageRefused | None:
    """A refusal of a body whose arrays and objects nest deeper than any
    message does, found without parsing it (brackets inside strings do not
    count)."""
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > DEEPEST_NESTING:
                return MessageRefused(
                    f"{what}: nests arrays and objects more than "
                    f"{DEEPEST_NESTING} deep.",
                    field=what,
                )
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return None


def current(row, name: str):
    """The value of field ``name`` of an event or a subject, in message form."""
    value = getattr(row, name)
    if name == "occurred_at":
        return _instant_text(value)
    if name in ("latitude", "longitude"):
        return None if value is None else str(Decimal(value).quantize(Decimal("1e-5")))
    if name == "date_of_birth":
        return value.isoformat() if value else None
    if name == "responses":
        return sorted(set(value or []))
    return value


def assign(row, name: str, value) -> None:
    """Set field ``name`` from its message form (an event's time moves its
    station day and fiscal year with it)."""
    if name == "occurred_at":
        moment = datetime.fromisoformat(value)
        row.occurred_at = moment
        row.occurred_on = local_time.local(moment, row.station).date()
        row.fiscal_year = fiscal_year_of(row.occurred_on)
    elif name in ("latitude", "longitude"):
        setattr(row, name, None if value is None else Decimal(value))
    elif name == "date_of_birth":
        row.date_of_birth = date.fromisoformat(value) if value else None
    else:
        setattr(row, name, value)


def label(name: str) -> str:
    rule = EVENT_RULES.get(name) or SUBJECT_RULES.get(name)
    return rule.label.capitalize() if rule else name


def shown(name: str, value, station) -> str:
    """A value in message form as a page shows it."""
    if value in (None, "", []):
        return "(empty)"
    if name == "occurred_at":
        return local_time.shown(datetime.fromisoformat(value), station)
    if name in CHOICES:
        return str(CHOICES[name](value).label)
    if name == "responses":
        return ", ".join(str(Response(code).label) for code in value)
    return str(value)
