"""The retention run: every registered rule carried out, batch by batch.

Each batch (a few hundred primary keys of one rule, in ascending order) is
purged in its own transaction together with the run's progress, so a crash
loses at most the batch it was in, and a resumed run counts nothing twice.
A run that stopped (an error, a killed worker) is taken up again by the
next one, with the day it counted to. Held records are left out of every
batch, with holds read again for each, so a hold placed mid-run still
keeps its records. One audit event per run holds the counts per rule.
"""

import logging
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from security import audit, retention
from security.models import RetentionChoice, RetentionRun
from security.retention import schedule

logger = logging.getLogger(__name__)

# Any fixed number: one retention run at a time.
RUN_LOCK_KEY = 7_265_148_313
# How many ids of each rule a dry run keeps for its listing.
LISTING_LIMIT = 1000


class RunInProgress(RuntimeError):
    pass


def run(
    *, today: date | None = None, dry_run: bool = False, started_by=None
) -> RetentionRun:
    """Carry out the schedule (or, dry, list what it would remove).

    A real run first takes up a run that stopped before finishing, and
    then counts to that run's day, not ``today``.
    """
    today = today or timezone.localdate()
    if dry_run:
        return _dry_run(today, started_by)

    with _run_lock():
        retention_run = _stopped_run() or RetentionRun.objects.create(
            today=today, started_by=started_by
        )
        try:
            for rule in retention.rules():
                _carry_out(retention_run, rule)
        except Exception as error:
            # The progress saved with each batch stays as it was committed.
            RetentionRun.objects.filter(pk=retention_run.pk).update(
                state=RetentionRun.State.FAILED, error=type(error).__name__
            )
            logger.exception("retention run %s stopped", retention_run.pk)
            raise
        _finish(retention_run)
    return retention_run


@contextmanager
def _run_lock():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [RUN_LOCK_KEY])
        (locked,) = cursor.fetchone()
    if not locked:
        raise RunInProgress("Another retention run is in progress.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [RUN_LOCK_KEY])


def _stopped_run() -> RetentionRun | None:
    stopped = (
        RetentionRun.objects.filter(
            dry_run=False,
            state__in=[RetentionRun.State.RUNNING, RetentionRun.State.FAILED],
        )
        .order_by("started_at", "pk")
        .first()
    )
    if stopped is not None:
        stopped.resumed += 1
        stopped.state = RetentionRun.State.RUNNING
        stopped.error = ""
        stopped.save(update_fields=["resumed", "state", "error"])
        logger.info("retention run %s resumed", stopped.pk)
    return stopped


def plan(rule, today: date, choices=None) -> dict:
    """What a rule will do today: its period, and how many records are due."""
    applied = schedule.applied(rule, choices)
    cutoff = applied.period.cutoff(today)
    due, purgeable = schedule.due_and_purgeable(rule, cutoff)
    due_count = due.count()
    purgeable_count = purgeable.count()
    return {
        "source": applied.source.citation,
        "period": str(applied.period),
        "at_event": applied.period.is_zero(),
        "cutoff": cutoff.isoformat(),
        "due": due_count,
        "held": due_count - purgeable_count,
        "purged": 0,
        "last_pk": None,
        "done": False,
    }


def _carry_out(retention_run: RetentionRun, rule) -> None:
    progress = retention_run.progress.get(rule.code)
    if progress is None:
        progress = plan(rule, retention_run.today)
        retention_run.progress[rule.code] = progress
        retention_run.save(update_fields=["progress"])

    cutoff = date.fromisoformat(progress["cutoff"])
    while not progress["done"]:
        with transaction.atomic():
            primary_keys = _next_batch(rule, cutoff, progress["last_pk"])
            done_now = dict(progress)
            if primary_keys:
                done_now["purged"] += rule.purge(primary_keys)
                done_now["last_pk"] = primary_keys[-1]
            done_now["done"] = len(primary_keys) < rule.batch_size
            retention_run.progress[rule.code] = done_now
            retention_run.save(update_fields=["progress"])
        progress = done_now


def _next_batch(rule, cutoff: date, after) -> list:
    _, purgeable = schedule.due_and_purgeable(rule, cutoff)
    if after is not None:
        purgeable = purgeable.filter(pk__gt=after)
    return list(
        purgeable.order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[: rule.batch_size]
    )


def _finish(retention_run: RetentionRun) -> None:
    with transaction.atomic():
        retention_run.state = RetentionRun.State.FINISHED
        retention_run.finished_at = timezone.now()
        retention_run.save(update_fields=["state", "finished_at"])
        _record(retention_run)
    logger.info("retention run %s finished", retention_run.pk)


def _record(retention_run: RetentionRun) -> None:
    audit.record(
        audit.Kind.RETENTION_RUN,
        actor=retention_run.started_by,
        target=retention_run,
        details={
            "dry_run": retention_run.dry_run,
            "today": retention_run.today.isoformat(),
            "resumed": retention_run.resumed,
            "counts": retention_run.counts(),
        },
        source="retention",
    )


def _dry_run(today: date, started_by) -> RetentionRun:
    choices = {choice.rule_code: choice for choice in RetentionChoice.objects.all()}
    progress, listing = {}, {}
    for rule in retention.rules():
        rule_plan = plan(rule, today, choices)
        rule_plan["done"] = True
        rule_plan["would_purge"] = rule_plan["due"] - rule_plan["held"]
        progress[rule.code] = rule_plan

        _, purgeable = schedule.due_and_purgeable(
            rule, date.fromisoformat(rule_plan["cutoff"])
        )
        ids = list(
            purgeable.order_by("pk")
            .values_list("pk", flat=True)
            .distinct()[:LISTING_LIMIT]
        )
        listing[rule.code] = {
            "kind": rule.kind,
            "ids": ids,
            "more": max(rule_plan["would_purge"] - len(ids), 0),
        }

    with transaction.atomic():
        retention_run = RetentionRun.objects.create(
            today=today,
            dry_run=True,
            started_by=started_by,
            progress=progress,
            listing=listing,
            state=RetentionRun.State.FINISHED,
            finished_at=timezone.now(),
        )
        _record(retention_run)
    return retention_run
