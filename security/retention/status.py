"""What the retention page reads: each rule's standing, and the quarter's report."""

from dataclasses import dataclass
from datetime import date

from security import retention
from security.models import RetentionChoice, RetentionRun
from security.retention import Rule, Source, engine, schedule


@dataclass(frozen=True)
class RuleStatus:
    rule: Rule
    sources: tuple[Source, ...]
    applied: schedule.Applied
    cutoff: date
    due: int
    held: int

    @property
    def would_purge(self) -> int:
        return self.due - self.held

    @property
    def may_choose(self) -> bool:
        return not self.rule.follows and self.rule.sources_disagree


def rule_statuses(today: date) -> list[RuleStatus]:
    """Every rule, with the period it applies and how many records are due."""
    choices = {choice.rule_code: choice for choice in RetentionChoice.objects.all()}
    statuses = []
    for rule in retention.rules():
        plan = engine.plan(rule, today, choices)
        statuses.append(
            RuleStatus(
                rule=rule,
                sources=schedule.sources_of(rule),
                applied=schedule.applied(rule, choices),
                cutoff=date.fromisoformat(plan["cutoff"]),
                due=plan["due"],
                held=plan["held"],
            )
        )
    return statuses


@dataclass(frozen=True)
class QuarterLine:
    code: str
    title: str
    period: str
    due: int | None
    held: int | None
    purged: int


@dataclass(frozen=True)
class QuarterReport:
    year: int
    quarter: int
    starts: date
    ends: date
    runs: int
    lines: list[QuarterLine]

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.year}"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """The quarter's first day and the first day after it."""
    starts = date(year, 3 * (quarter - 1) + 1, 1)
    ends = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return starts, ends


def quarterly_report(year: int, quarter: int) -> QuarterReport:
    """Per rule: purged by the quarter's runs; due and held as its last run
    counted them (none when the quarter had no run)."""
    starts, ends = quarter_bounds(year, quarter)
    runs = list(
        RetentionRun.objects.filter(
            dry_run=False,
            state=RetentionRun.State.FINISHED,
            today__gte=starts,
            today__lt=ends,
        ).order_by("today", "started_at", "pk")
    )
    last = runs[-1] if runs else None

    lines = []
    for rule in retention.rules():
        counted = last.progress.get(rule.code) if last is not None else None
        lines.append(
            QuarterLine(
                code=rule.code,
                title=rule.title,
                period=_kept(rule, counted) if counted else "",
                due=counted["due"] if counted else None,
                held=counted["held"] if counted else None,
                purged=sum(
                    run.progress.get(rule.code, {}).get("purged", 0) for run in runs
                ),
            )
        )
    return QuarterReport(year, quarter, starts, ends, len(runs), lines)


def _kept(rule: Rule, counted: dict) -> str:
    if counted.get("at_event"):
        return f"Until: {rule.runs_from}"
    return counted["period"]
