"""The records retention schedule: the rules each app declares, in one registry.

A rule says which records it covers, the event its period runs from, the
period, and the source(s) the period comes from. It also gives two
callables: ``due(cutoff)`` finds the records whose period has run out, and
``purge(primary_keys)`` purges one batch of them. The engine
(``security.retention.engine``) does the rest: it leaves out records under
legal hold, walks the due records in primary-key batches, each in its own
transaction, keeps its progress on a run row so a crash resumes where it
stopped, and writes one audit event per run with its counts per rule.

Each app declares its rules next to its models, in ``<app>/retention_rules.py``,
and registers them from its AppConfig's ``ready()``. security never imports the
apps above it; they register into this registry, the way the chain of command
is registered into ``security.providers``::

    # staffing/retention_rules.py
    from security.retention import Period, Rule, Source, register
    from staffing.models import DirectoryOutbox

    def _due(cutoff):
        # cutoff: records whose event happened before it are due.
        return DirectoryOutbox.objects.filter(
            employee__separation_date__lt=cutoff
        )

    def _purge(primary_keys):
        # One batch, inside its own transaction; returns how many went.
        return DirectoryOutbox.objects.filter(pk__in=primary_keys).delete()[0]

    DIRECTORY_COPIES = Rule(
        code="staffing.directory_copies",
        title="Directory push copies",
        records="Outbox rows and sink-file lines of the directory push.",
        runs_from="The employee's separation.",
        follows="staffing.work_contact",  # copies follow their originals
        due=_due,
        purge=_purge,
        person="employee__user",
        held_records=(("staffing.employee", "employee_id"),),
        kind="directory outbox row",
    )

    def register_rules():
        register(DIRECTORY_COPIES)

    # staffing/apps.py, in StaffingConfig.ready():
    #     from staffing import retention_rules
    #     retention_rules.register_rules()

A rule with a period of its own names its sources instead of ``follows``::

    sources=(Source("GRS 3.2, item 031", Period(years=6)),)

Where the sources disagree, the longest period applies until a records
administrator chooses one on the retention page (the choice is audited).

``due(cutoff)`` must return a QuerySet, and a record it returns must stop
being due once purged, so a second run changes nothing. ``cutoff`` is today
minus the period; for a period of zero ("until the employee separates") it
is tomorrow, so an event today is due at once. ``purge`` receives primary
keys in ascending order, never of a record under hold, and runs inside the
batch's transaction (a file it rewrites should be replaced atomically).

Holds: ``person`` is the ORM path from a record to the user it is about
(``"pk"`` for users themselves, ``"user"``, ``"employee__user"``); a hold on
that user covers the record. A hold on the record itself always covers it;
``held_records`` names other records whose hold covers it too, as
``(model label, ORM path to that record's primary key)``.

``kind`` names one record in the dry run's listing ("employee (medical
fields)"), which shows kinds and ids only, never a value. ``batch_size``
(500 unless given) is how many records one transaction purges. Tools for
blanking a group of fields on a row and in its history are in
``security.retention.purging``.
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """How long records are kept after their event; zero means "until it"."""

    years: int = 0
    months: int = 0
    days: int = 0

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def is_zero(self) -> bool:
        return not (self.years or self.months or self.days)

    def before(self, day: date) -> date:
        """``day`` minus this period (the 29th of February becomes the 28th)."""
        month_index = day.year * 12 + day.month - 1 - self.total_months
        year, month = divmod(month_index, 12)
        month += 1
        last_day = calendar.monthrange(year, month)[1]
        return date(year, month, min(day.day, last_day)) - timedelta(days=self.days)

    def cutoff(self, today: date) -> date:
        """Records whose event happened before this date are due."""
        if self.is_zero():
            return today + timedelta(days=1)
        return self.before(today)

    def sort_key(self) -> int:
        """For finding the longer of two periods: a month counts as 31 days,
        so that of two nearly equal periods the longer is never missed."""
        return self.total_months * 31 + self.days

    def __str__(self) -> str:
        if self.is_zero():
            return "until the event"
        parts = []
        for amount, unit in (
            (self.years, "year"),
            (self.months, "month"),
            (self.days, "day"),
        ):
            if amount:
                parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Source:
    """Where a period comes from: a records schedule item and what it says."""

    citation: str
    period: Period
    says: str = ""

    @property
    def key(self) -> str:
        """How a records administrator's choice names this source."""
        return self.citation


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    records: str
    runs_from: str
    due: Callable
    purge: Callable
    sources: tuple[Source, ...] = ()
    follows: str = ""
    person: str | None = None
    held_records: tuple[tuple[str, str], ...] = ()
    kind: str = "record"
    batch_size: int = 500
    notes: str = field(default="", compare=False)

    def __post_init__(self):
        if bool(self.sources) == bool(self.follows):
            raise ValueError(
                f"Retention rule {self.code}: give its sources or the rule it "
                "follows, one of the two."
            )
        if self.batch_size < 1:
            raise ValueError(f"Retention rule {self.code}: batch_size must be >= 1.")

    @property
    def sources_disagree(self) -> bool:
        return len({source.period for source in self.sources}) > 1

    def longest_source(self) -> Source | None:
        if not self.sources:
            return None
        return max(self.sources, key=lambda source: source.period.sort_key())


class RuleConflict(ValueError):
    pass


_rules: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the schedule; registering the same rule again is harmless."""
    known = _rules.get(rule.code)
    if known is not None and known != rule:
        raise RuleConflict(f"Another retention rule is registered as {rule.code}.")
    _rules[rule.code] = rule
    return rule


def unregister(code: str) -> None:
    """For tests that register a rule of their own."""
    _rules.pop(code, None)


def rules() -> list[Rule]:
    """Every registered rule, in the order the apps registered them."""
    return list(_rules.values())


def get(code: str) -> Rule:
    return _rules[code]


__all__ = [
    "Period",
    "Rule",
    "RuleConflict",
    "Source",
    "get",
    "register",
    "rules",
    "unregister",
]
