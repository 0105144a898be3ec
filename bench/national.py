"""Every national benchmark on the national data set, into bench/RESULTS.md.

.venv/bin/python bench/national.py [--runs N] [--requests N] [--only NAME,...]

Runs against the database named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bpets_nation). If it holds no national
data set yet, the script migrates it, loads the organization tree and runs
``manage.py build_national_dataset`` first (about ten minutes).

The initializations are measured on the pay period after the current one,
which the data set leaves empty: each run deletes what the last one made
there and starts again. The pages are served through Django's test client
(middleware, policy, audit, template). Each figure is the median of
``--runs`` runs (or of ``--requests`` requests for a page). The other
scripts' functions do the measuring (bench/g259.py and the rest); this
one chooses the data set's people and periods for them.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bpets_nation")


# isort: split

import directory
import g259
import g481
import results
import security_audit
import snapshot as snapshot_bench
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone

from scheduling import initialization, pay_periods, services
from scheduling.models import InitializationRun, Schedule
from scheduling.national import finalize_all
from security import audit, audit_chain
from security.models import AuditEvent, OrganizationUnit, User
from security.retention import engine
from staffing.models import Employee
from timesheet import initialization as timesheet_initialization

ROOT = Path(__file__).resolve().parent.parent
EVENTS_TO_PURGE = 1_000_000
PURGED_ACCOUNTS = 1_000
WORKER_RSS_TARGET_MB = 500
# The run's own logins are named with it: the data set keeps them.
RUN = f"-{int(time.time())}"


def ensure_nation() -> None:
    """The data set, built here if the database has none."""
    call_command("migrate", verbosity=0)
    if User.objects.filter(username__startswith="nation-0").exists():
        return
    call_command("load_organization")
    call_command("build_national_dataset")


def scratch_period():
    current = pay_periods.containing(timezone.localdate())
    return services.pay_period_row(pay_periods.following(current).start)


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# What the initializations make in a pay period, child rows first; each
# statement takes the pay period's id.
TIMESHEET_SQL = """
DELETE FROM timesheet_historicaltimeentry WHERE timesheet_id IN
    (SELECT id FROM timesheet_timesheet WHERE pay_period_id = %s);
DELETE FROM timesheet_timeentry WHERE timesheet_id IN
    (SELECT id FROM timesheet_timesheet WHERE pay_period_id = %s);
DELETE FROM timesheet_historicalscheduledday WHERE timesheet_id IN
    (SELECT id FROM timesheet_timesheet WHERE pay_period_id = %s);
DELETE FROM timesheet_scheduledday WHERE timesheet_id IN
    (SELECT id FROM timesheet_timesheet WHERE pay_period_id = %s);
DELETE FROM timesheet_timesheetstep WHERE timesheet_id IN
    (SELECT id FROM timesheet_timesheet WHERE pay_period_id = %s);
DELETE FROM timesheet_historicaltimesheet WHERE pay_period_id = %s;
DELETE FROM timesheet_timesheet WHERE pay_period_id = %s;
DELETE FROM timesheet_initializationrun WHERE pay_period_id = %s
"""
TIMESHEET_STATEMENTS = TIMESHEET_SQL.split(";")
DAILY_SQL = """
DELETE FROM scheduling_historicaldailyentry WHERE daily_id IN
    (SELECT id FROM scheduling_dailyschedule WHERE pay_period_id = %s);
DELETE FROM scheduling_dailyentry WHERE daily_id IN
    (SELECT id FROM scheduling_dailyschedule WHERE pay_period_id = %s);
DELETE FROM scheduling_historicaldailyschedule WHERE pay_period_id = %s;
DELETE FROM scheduling_dailyschedule WHERE pay_period_id = %s;
DELETE FROM scheduling_dailyrun WHERE schedule_id IN
    (SELECT id FROM scheduling_schedule WHERE pay_period_id = %s)
"""
DAILY_STATEMENTS = DAILY_SQL.split(";")
G259_SQL = """
DELETE FROM scheduling_historicalschedulecell WHERE row_id IN
    (SELECT id FROM scheduling_schedulerow WHERE schedule_id IN
        (SELECT id FROM scheduling_schedule WHERE pay_period_id = %s));
DELETE FROM scheduling_schedulecell WHERE row_id IN
    (SELECT id FROM scheduling_schedulerow WHERE schedule_id IN
        (SELECT id FROM scheduling_schedule WHERE pay_period_id = %s));
DELETE FROM scheduling_schedulerow WHERE schedule_id IN
    (SELECT id FROM scheduling_schedule WHERE pay_period_id = %s);
DELETE FROM scheduling_historicalschedule WHERE pay_period_id = %s;
DELETE FROM scheduling_initializationrun WHERE pay_period_id = %s;
DELETE FROM scheduling_schedule WHERE pay_period_id = %s
"""
G259_STATEMENTS = G259_SQL.split(";")


def empty(pay_period, statements) -> None:
    for statement in statements:
        execute(statement, [pay_period.pk])


def empty_period(pay_period) -> None:
    """Everything the initializations made in the scratch period, and the
    tables vacuumed after it, as autovacuum keeps a live database.

    Without the vacuum the dead rows left at the ends of the indexes cost
    the planner of every later query on those tables milliseconds (seen:
    15 ms to plan a one-row read of a timesheet's day, 0.3 ms after it).
    """
    statements = TIMESHEET_STATEMENTS + DAILY_STATEMENTS + G259_STATEMENTS
    empty(pay_period, statements)
    for table in sorted(set(re.findall(r"DELETE FROM (\w+)", "".join(statements)))):
        execute(f"VACUUM (ANALYZE) {table}")


def stations():
    return list(OrganizationUnit.objects.filter(kind="STATION"))


def g259_initialization(pay_period, runs: int) -> list[tuple]:
    durations = []
    for _ in range(runs):
        empty_period(pay_period)
        elapsed, cells = g259.initialize_nation(pay_period)
        durations.append(elapsed)
    seconds = statistics.median(durations)
    copy_s = statistics.median(g259.copy_limit(cells) for _ in range(runs))
    ratio = seconds / copy_s
    return [
        (
            f"G-259 initialization, whole nation, one pay period ({cells:,} cells "
            "with their history)",
            f"{seconds:.2f} s",
            f"under {g259.INITIALIZATION_TARGET_S} s, within "
            f"{g259.COPY_RATIO_TARGET}× COPY",
            f"COPY of {cells:,} rows {copy_s:.2f} s: {ratio:.1f}×",
            seconds < g259.INITIALIZATION_TARGET_S and ratio < g259.COPY_RATIO_TARGET,
        )
    ]


def g481_initialization(pay_period, actor, runs: int) -> list[tuple]:
    schedules = finalize_all(Schedule.objects.filter(pay_period=pay_period), actor)
    schedules = list(Schedule.objects.filter(pay_period=pay_period))
    durations = []
    for _ in range(runs):
        empty(pay_period, DAILY_STATEMENTS)
        elapsed, made = g481.build_nation_days(schedules, actor)
        durations.append(elapsed)
    seconds = statistics.median(durations)
    return [
        (
            f"G-481 initialization from the finalized G-259s, whole nation "
            f"({made:,} lines with their history, {g481.WORKERS} at a time)",
            f"{seconds:.2f} s",
            f"under {g481.BUILD_TARGET_S} s",
            "",
            seconds < g481.BUILD_TARGET_S,
        )
    ]


def timesheet_initialization_figures(pay_period, actor, runs: int) -> list[tuple]:
    durations = []
    for _ in range(runs):
        empty(pay_period, TIMESHEET_STATEMENTS)
        started = time.perf_counter()
        made = timesheet_initialization.initialize(pay_period, actor=actor)
        durations.append(time.perf_counter() - started)
    seconds = statistics.median(durations)
    return [
        (
            f"timesheet initialization, whole nation ({made:,} timesheets, "
            f"{made * 14:,} days with their history)",
            f"{seconds:.2f} s",
            "under 10 s",
            "",
            seconds < 10,
        )
    ]


def biggest_and_smallest_stations():
    counts = {}
    for station_id in Employee.objects.values_list("duty_station_id", flat=True):
        counts[station_id] = counts.get(station_id, 0) + 1
    ordered = sorted(counts, key=counts.get)
    return (
        OrganizationUnit.objects.get(pk=ordered[-1]),
        OrganizationUnit.objects.get(pk=ordered[len(ordered) // 2]),
    )


def grid_figures(pay_period, requests: int) -> list[tuple]:
    big, small = biggest_and_smallest_stations()
    big_schedule = Schedule.objects.get(station=big, pay_period=pay_period)
    small_schedule = Schedule.objects.get(station=small, pay_period=pay_period)
    big_ms, big_queries = g259.grid_figures(
        big_schedule, g259.supervisor_of(big, RUN), requests
    )
    _, small_queries = g259.grid_figures(
        small_schedule, g259.supervisor_of(small, RUN), 1
    )
    people, few = big_schedule.rows.count(), small_schedule.rows.count()
    return [
        (
            f"G-259 grid, {people}-person station ({big.name}), server time",
            f"{big_ms:.0f} ms",
            f"under {g259.GRID_TARGET_MS} ms",
            "",
            big_ms < g259.GRID_TARGET_MS,
        ),
        (
            f"G-259 grid SQL queries, {people} people against {few}",
            f"{big_queries} against {small_queries}",
            "the same count",
            "",
            big_queries == small_queries,
        ),
    ]


def profile_figures(requests: int) -> list[tuple]:
    """A supervisor of the data set opening one of their agents' profiles."""
    agent = (
        Employee.objects.filter(
            job_title="Border Patrol Agent", supervisor__user__isnull=False
        )
        .select_related("supervisor__user")
        .order_by("pk")
        .first()
    )
    client = Client()
    client.force_login(agent.supervisor.user)
    url = f"/staffing/people/{agent.pk}/"
    looks = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED,
        actor_id=agent.supervisor.user_id,
        subject_user_id=agent.user_id,
    )
    before = looks.count()
    written, unwritten = security_audit.with_and_without_audit(client, url, requests)
    after = looks.count()
    with_ms = statistics.median(written) * 1000
    without_ms = statistics.median(unwritten) * 1000
    share = (with_ms - without_ms) / without_ms
    return [
        (
            "profile page of another employee, with its audit event, server time",
            f"{with_ms:.1f} ms",
            "under 50 ms",
            "",
            with_ms < 50,
        ),
        (
            "what its audit write adds",
            f"{with_ms - without_ms:.2f} ms ({share:.1%}; "
            f"{after - before} events for {len(written) + 20} audited looks)",
            "under 10 %",
            f"the same page without the write: {without_ms:.1f} ms",
            share < 0.10,
        ),
    ]


def directory_figures(requests: int) -> list[tuple]:
    someone = Employee.objects.order_by("pk")[Employee.objects.count() // 2]
    tucson = OrganizationUnit.objects.get(kind="SECTOR", code="TCA")
    skill_code = (
        Employee.objects.filter(skills__isnull=False)
        .values_list("skills__skill__code", flat=True)
        .first()
    )
    client = directory.login_for(None, f"bench-colleague{RUN}")
    searches = [
        ("part of a last name", {"name": someone.last_name[:4]}),
        ("a full name", {"name": f"{someone.first_name} {someone.last_name}"}),
        ("a title", {"title": "supervisory"}),
        ("a sector", {"sector": tucson.pk}),
        ("a skill", {"skill": skill_code}),
    ]
    rows = []
    total = Employee.objects.count()
    for label, terms in searches:
        page, found_ms, queries, found = directory.timed(client, terms, requests)
        rows.append(
            (
                f"directory search, {total:,} employees: {label} ({found} found, "
                f"{queries} queries)",
                f"{found_ms:.1f} ms results, {page:.1f} ms whole page",
                f"under {directory.TARGET_MS} ms",
                "",
                found_ms < directory.TARGET_MS and page < directory.TARGET_MS,
            )
        )
    return rows


def snapshot_figures(runs: int, requests: int) -> list[tuple]:
    from reporting.national import YEARS, snapshot_content

    content, rows = snapshot_content(YEARS)
    durations = []
    for _ in range(runs):
        snapshot_bench.empty_snapshot()
        durations.append(snapshot_bench.import_once(content))
    seconds = statistics.median(durations)
    execute("ANALYZE")
    client = snapshot_bench.analyst(RUN)
    long_ms, long_queries = snapshot_bench.summary_figures(client, 2000, 2025, requests)
    _, short_queries = snapshot_bench.summary_figures(client, 2024, 2025, 1)
    return [
        (
            f"snapshot import, {rows:,} rows",
            f"{seconds:.2f} s",
            f"under {snapshot_bench.IMPORT_TARGET_S} s",
            "",
            seconds < snapshot_bench.IMPORT_TARGET_S,
        ),
        (
            "AOR summary, 26 fiscal years × 20 sectors, server time "
            f"({long_queries} queries; {short_queries} for 2 years)",
            f"{long_ms:.0f} ms",
            f"under {snapshot_bench.SUMMARY_TARGET_MS} ms",
            "",
            long_ms < snapshot_bench.SUMMARY_TARGET_MS,
        ),
    ]


def accounts_long_gone(count: int) -> list[int]:
    """Accounts ended sixteen years ago: past the longest audit period (15)."""
    ended = timezone.localdate() - timedelta(days=16 * 366)
    start = User.objects.filter(username__startswith="gone-").count()
    users = User.objects.bulk_create(
        [
            User(
                username=f"gone-{start + number:06d}",
                is_active=False,
                account_ended_on=ended,
                password="!",
            )
            for number in range(count)
        ]
    )
    return [user.pk for user in users]


def write_due_events(user_ids: list[int], total: int) -> None:
    per_account = total // len(user_ids)
    long_ago = timezone.now() - timedelta(days=17 * 366)
    columns = ", ".join(connection.ops.quote_name(name) for name in audit.COPY_COLUMNS)
    statement = f"COPY security_auditevent ({columns}) FROM STDIN"  # noqa: S608
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for user_id in user_ids:
            for number in range(per_account):
                copy.write_row(
                    (
                        long_ago + timedelta(seconds=number),
                        user_id,
                        f"gone-{user_id}",
                        AuditEvent.chain_for(user_id),
                        AuditEvent.Kind.LOGIN,
                        "127.0.0.1",
                        "login",
                        "",
                        "",
                        None,
                        "{}",
                    )
                )


def seal_due_events(user_ids: list[int]) -> None:
    """Seal the purge's chains, as the sealer did years before they fell due.

    Only these chains: the data set's own unsealed events are left as they
    are, so sealing does not grow with the size of the log.
    """
    batch = 50
    for start in range(0, len(user_ids), batch):
        audit_chain.seal_chains_named(
            AuditEvent.chain_for(pk) for pk in user_ids[start : start + batch]
        )


class LongestTransaction(threading.Thread):
    """Watches one backend from another connection: the age of its open
    transaction, and whether anyone waited on a lock it held."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.longest, self.waiters = pid, 0.0, 0
        self.stopping = threading.Event()

    def run(self):
        try:
            with connections["default"].cursor() as cursor:
                while not self.stopping.wait(0.05):
                    cursor.execute(
                        "SELECT EXTRACT(EPOCH FROM now() - xact_start), "
                        "cardinality(pg_blocking_pids(%s)) FROM pg_stat_activity "
                        "WHERE pid = %s",
                        [self.pid, self.pid],
                    )
                    row = cursor.fetchone()
                    if row and row[0] is not None:
                        self.longest = max(self.longest, float(row[0]))
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE %s = ANY(pg_blocking_pids(pid))",
                        [self.pid],
                    )
                    self.waiters = max(self.waiters, cursor.fetchone()[0])
        finally:
            connections["default"].close()


def purge_figures(runs: int) -> list[tuple]:
    durations, longest, waiters = [], [], []
    for _ in range(runs):
        accounts = accounts_long_gone(PURGED_ACCOUNTS)
        write_due_events(accounts, EVENTS_TO_PURGE)
        seal_due_events(accounts)
        execute("ANALYZE security_auditevent")
        execute("ANALYZE security_auditchainlink")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        watcher = LongestTransaction(pid)
        watcher.start()
        started = time.perf_counter()
        engine.run()
        durations.append(time.perf_counter() - started)
        watcher.stopping.set()
        watcher.join()
        longest.append(watcher.longest)
        waiters.append(watcher.waiters)
        left = AuditEvent.objects.filter(actor_id__in=accounts).count()
        assert left == 0, f"{left} due events were left"
    seconds = statistics.median(durations)
    return [
        (
            f"retention purge of {EVENTS_TO_PURGE:,} due audit events "
            f"({PURGED_ACCOUNTS:,} chains of long-gone accounts, sealed when written, "
            f"a transaction each; "
            f"median of {runs})",
            f"{seconds:.1f} s",
            "under 60 s, in batches, no long lock",
            f"longest transaction {max(longest) * 1000:.0f} ms; sessions kept "
            f"waiting on it: {max(waiters)}",
            seconds < 60,
        )
    ]


def worker_figures(pay_period) -> list[tuple]:
    """A real Celery worker (one process) carries out the G-259
    initialization of the nation; its resident memory is sampled."""
    empty_period(pay_period)
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    worker = subprocess.Popen(  # noqa: S603 (our own virtualenv's celery)
        [
            str(ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "bpets",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)  # the worker starts and connects
        baseline = rss_mb(worker.pid)
        run = initialization.start(pay_period, stations())
        peak, started = baseline, time.perf_counter()
        while time.perf_counter() - started < 600:
            peak = max(peak, rss_mb(worker.pid))
            state = InitializationRun.objects.filter(pk=run.pk).values_list(
                "state", flat=True
            )[0]
            if state not in (
                InitializationRun.State.QUEUED,
                InitializationRun.State.RUNNING,
            ):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return [
        (
            "peak memory of a Celery worker during the G-259 initialization "
            f"(resident; {baseline:.0f} MB idle; the run took {elapsed:.1f} s, "
            f"{state})",
            f"{peak:.0f} MB",
            f"under {WORKER_RSS_TARGET_MB} MB",
            "",
            peak < WORKER_RSS_TARGET_MB and state == InitializationRun.State.FINISHED,
        )
    ]


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its children, in MB."""
    total = 0
    for candidate in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


BENCHMARKS = (
    "g259",
    "g481",
    "timesheet",
    "grid",
    "profile",
    "directory",
    "snapshot",
    "purge",
    "worker",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument(
        "--purge-runs",
        type=int,
        default=3,
        help="runs of the purge, which writes a million events first for each",
    )
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help="a comma-separated choice"
    )
    arguments = parser.parse_args()
    chosen = arguments.only.split(",")
    runs, requests = arguments.runs, arguments.requests

    # The test client's hooks: the pages' contexts and query counts.
    setup_test_environment()
    ensure_nation()
    execute("ANALYZE")
    load_before, began = results.load_average(), timezone.now()
    current = services.pay_period_row(
        pay_periods.containing(timezone.localdate()).start
    )
    scratch = scratch_period()
    actor = User.objects.get(username="nation-builder")
    rows = []
    steps = {
        "g259": lambda: g259_initialization(scratch, runs),
        "g481": lambda: g481_initialization(scratch, actor, runs),
        "timesheet": lambda: timesheet_initialization_figures(scratch, actor, runs),
        "grid": lambda: grid_figures(current, requests),
        "profile": lambda: profile_figures(requests * 10),
        "directory": lambda: directory_figures(requests),
        "snapshot": lambda: snapshot_figures(runs, requests),
        "purge": lambda: purge_figures(arguments.purge_runs),
        "worker": lambda: worker_figures(scratch),
    }
    for name in BENCHMARKS:
        if name in chosen:
            started = time.perf_counter()
            rows.extend(steps[name]())
            print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
            # Written as it goes: a run cut short keeps what it measured.
            report(rows, began, load_before, runs, requests, finished=False)
    empty_period(scratch)
    print(report(rows, began, load_before, runs, requests, finished=True))


def report(rows, began, load_before, runs, requests, *, finished: bool) -> str:
    people = Employee.objects.count()
    text = (
        "## National benchmarks (`bench/national.py`)\n\n"
        f"Run {began:%Y-%m-%d %H:%M} UTC on this machine ({os.cpu_count()} cores), "
        f"national data set of {people:,} employees; each figure the median of "
        f"{runs} runs or {requests} requests. Load average at the start "
        f"{load_before}, "
        + (
            f"at the end {results.load_average()}."
            if finished
            else f"now {results.load_average()} (still running)."
        )
        + "\n\n"
        + results.table(rows)
    )
    results.write_section("national", text)
    return text


if __name__ == "__main__":
    main()
