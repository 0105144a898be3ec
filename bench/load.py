"""The load test: gunicorn in production mode on loopback, driven by a
second process, on the national data set; its table goes to bench/RESULTS.md.

.venv/bin/python bench/load.py [--seconds S] [--max-requests N] [--no-pin-servers]

Runs against the database named by DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bpets_nation), which must hold the
national data set (``manage.py build_national_dataset``), and the Redis of
CELERY_BROKER_URL. Gunicorn serves the production settings (plus one bare
view, bench/load_settings.py) on 127.0.0.1 at a free port, pinned to the
second core with ``taskset``; the load generator (this script again, with
``--drive``) is pinned to the first. The machine's PostgreSQL and Redis
processes join gunicorn on the second core for the run (``pinning``), unless
``--no-pin-servers``: on a machine whose servers others use, pinning them
would hold back everything else.

The generator's virtual users log in through the form first (not timed),
then work until the time or the request count runs out:

- agents open their current timesheet, a day of their schedule on it, and
  close a scheduled day as worked (entering time), and search the
  directory for part of a name, as one types (the results alone);
- supervisors open today's G-481 of their station, a line's editor, save
  the line with a new remark, and open one of their agents' profiles
  (an audited look at personal data).

The same virtual users then request a bare view for as long, on the same
stack: the ratio to that ceiling is the figure that matters on a shared
machine. Every audited profile look must leave its audit event: the
events are counted before and after.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

LOOPBACK = "127.0.0.1"
TASKSET = shutil.which("taskset") or "/usr/bin/taskset"
ROOT = Path(__file__).resolve().parent.parent
GENERATOR_CORE, SERVER_CORE = 0, 1
AGENTS = 12
SUPERVISORS = 4
SEARCHES = ("al", "bra", "del", "fen", "gar", "hol", "kin", "lor", "mar", "nor")


# The generator: no Django here, only the HTTP client.


class VirtualUser:
    """One person's browser: its own connection and cookies."""

    def __init__(self, port: int, username: str, password: str):
        self.port, self.username, self.password = port, username, password
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        self.timings: list[tuple[str, float, int]] = []

    def request(self, method, path, body=None, headers=None):
        sent = {
            "Host": f"{LOOPBACK}:{self.port}",
            # As the TLS proxy in front of gunicorn would say.
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{LOOPBACK}:{self.port}{path}",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(
                LOOPBACK, self.port, timeout=60
            )
            return 599, ""
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def timed(self, kind, method, path, body=None, headers=None):
        started = time.perf_counter()
        status, text = self.request(method, path, body, headers)
        self.timings.append((kind, time.perf_counter() - started, status))
        return status, text

    def log_in(self) -> bool:
        _, page = self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token_of(page),
                "username": self.username,
                "password": self.password,
                "accept_notice": "on",
            },
        )
        return status == 302


def token_of(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def form_values(page: str) -> dict:
    """The values a browser would send back from the page's inputs, selects
    and text areas as they are."""
    values = {}
    for tag in re.finditer(r"<input\b[^>]*>", page):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        kind = attributes.get("type", "text")
        if "name" in attributes and kind not in ("submit", "button", "checkbox"):
            values[attributes["name"]] = attributes.get("value", "")
        elif kind == "checkbox" and "checked" in tag.group(0):
            values[attributes["name"]] = attributes.get("value", "on")
    for select in re.finditer(
        r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        values[select.group(1)] = chosen.group(1) if chosen else ""
    for area in re.finditer(
        r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S
    ):
        values[area.group(1)] = area.group(2).strip()
    return values


def agent_work(user: VirtualUser, plan: dict, turn: int) -> None:
    sheet = plan["timesheet"]
    user.timed("timesheet page", "GET", f"/timesheet/{sheet}/")
    if plan["days"]:
        agent_day(user, plan, turn)
    user.timed(
        "directory search (results)",
        "GET",
        f"/staffing/directory/?name={SEARCHES[turn % len(SEARCHES)]}",
        headers={"HX-Request": "true"},
    )


def agent_day(user: VirtualUser, plan: dict, turn: int) -> None:
    sheet = plan["timesheet"]
    day = plan["days"][turn % len(plan["days"])]
    status, page = user.timed(
        "schedule day (timesheet day editor)",
        "GET",
        f"/timesheet/{sheet}/day/{day['day']}/",
    )
    if turn < len(plan["days"]) and status == 200:
        user.timed(
            "enter time (close a day as worked)",
            "POST",
            f"/timesheet/{sheet}/days/{day['pk']}/close/",
            {
                "csrfmiddlewaretoken": token_of(page),
                "actual_start": day["start"],
                "actual_end": day["end"],
            },
            {"HX-Request": "true"},
        )


def supervisor_work(user: VirtualUser, plan: dict, turn: int) -> None:
    daily = plan["daily"]
    line = plan["lines"][turn % len(plan["lines"])]
    user.timed("G-481 day", "GET", f"/scheduling/g481/{daily}/")
    editor = f"/scheduling/g481/{daily}/entries/{line}/"
    status, page = user.timed(
        "G-481 line editor", "GET", editor, headers={"HX-Request": "true"}
    )
    if status == 200:
        values = form_values(page)
        values["remarks"] = f"Load test turn {turn}"
        user.timed("G-481 line saved", "POST", editor, values, {"HX-Request": "true"})
    subordinate = plan["agents"][turn % len(plan["agents"])]
    user.timed(
        "profile of an agent (audited)", "GET", f"/staffing/people/{subordinate}/"
    )


def drive(arguments) -> None:
    plan = json.loads(Path(arguments.drive).read_text())
    # Sessions are kept between the runs: the login form's rate limit
    # counts every login from the address.
    saved = Path(arguments.drive).with_name("sessions.json")
    sessions = json.loads(saved.read_text()) if saved.exists() else {}
    users = []
    for person in plan["people"]:
        user = VirtualUser(arguments.port, person["username"], plan["password"])
        if person["username"] in sessions:
            user.cookies = sessions[person["username"]]
        elif not user.log_in():
            raise SystemExit(f"{person['username']} could not log in")
        users.append((user, person))
    saved.write_text(json.dumps({user.username: user.cookies for user, _ in users}))
    stop_at = time.perf_counter() + arguments.seconds
    budget = threading.Semaphore(arguments.max_requests)

    def work(user, person):
        turn = 0
        while time.perf_counter() < stop_at and budget.acquire(blocking=False):
            if arguments.mix == "bare":
                user.timed("bare view", "GET", "/bench/bare/")
            elif person["role"] == "agent":
                agent_work(user, person, turn)
            else:
                supervisor_work(user, person, turn)
            turn += 1

    threads = [threading.Thread(target=work, args=pair) for pair in users]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    timings = [timing for user, _ in users for timing in user.timings]
    json.dump({"elapsed": elapsed, "timings": timings}, sys.stdout)


# The orchestrator: Django, the plan, gunicorn and the figures.


def prepare(arguments) -> dict:
    """The people of the load, with what each will open; the supervisors
    get the scheduling supervisor role over their stations."""
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.utils import timezone

    from scheduling.models import DailyEntry, DailySchedule
    from security import services as security_services
    from security.models import RoleGrant, User
    from staffing.models import Employee
    from timesheet.entries import zone_of
    from timesheet.models import Timesheet

    builder = User.objects.get(username="nation-builder")
    supervisors = list(
        Employee.objects.filter(job_title="Supervisory Border Patrol Agent")
        .select_related("user", "duty_station")
        .order_by("pk")[:: max(1, Employee.objects.count() // 80)][:SUPERVISORS]
    )
    people = []
    for supervisor in supervisors:
        RoleGrant.objects.get_or_create(
            user=supervisor.user,
            module="scheduling",
            role="supervisor",
            organization_unit=supervisor.duty_station,
            defaults={
                "starts_on": date(2026, 1, 1),
                "granted_by": builder,
                "reason": "load test",
            },
        )
        security_services.sync_grant_permissions(supervisor.user)
        # The station's today, not the server's: at 01:00 UTC it is still
        # yesterday evening at a border station.
        zone = ZoneInfo(supervisor.duty_station.time_zone or settings.TIME_ZONE)
        today = timezone.localdate(timezone=zone)
        daily = DailySchedule.objects.get(station=supervisor.duty_station, day=today)
        lines = list(
            # Nobody changes their own line.
            DailyEntry.objects.filter(daily=daily)
            .exclude(employee=supervisor)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        agents = list(
            Employee.objects.filter(supervisor=supervisor).values_list("pk", flat=True)
        )
        people.append(
            {
                "username": supervisor.user.username,
                "role": "supervisor",
                "daily": daily.pk,
                # Each supervisor edits lines of its own station only.
                "lines": lines[:20],
                "agents": agents,
            }
        )
        for agent in Employee.objects.filter(
            supervisor=supervisor, employment_type="EMPLOYEE"
        ).select_related("user")[: AGENTS // SUPERVISORS]:
            sheet = Timesheet.objects.filter(
                employee=agent,
                pay_period__start_date__lte=today,
                pay_period__end_date__gte=today,
            ).first()
            # Times are entered on the timesheet's station clock.
            zone = zone_of(sheet)
            days = [
                {
                    "day": day.day.isoformat(),
                    "pk": day.pk,
                    "start": day.scheduled_start.astimezone(zone).strftime("%H:%M"),
                    "end": day.scheduled_end.astimezone(zone).strftime("%H:%M"),
                }
                # The days before today, worked. A day an earlier run closed
                # is closed again, as a correction is: each run has work.
                for day in sheet.days.filter(status="WORKDAY", day__lt=today).order_by(
                    "day"
                )
            ]
            people.append(
                {
                    "username": agent.user.username,
                    "role": "agent",
                    "timesheet": sheet.pk,
                    "days": days,
                }
            )
    from bpets.national import PASSWORD

    _production_passwords([person["username"] for person in people], builder)
    return {"password": PASSWORD, "people": people}


def _production_passwords(usernames: list[str], builder) -> None:
    """The data set's password hashed as production checks it, on the
    load's logins: a data set built in test mode holds a faster hash."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from bpets.bulk_history import update_with_history
    from bpets.national import PASSWORD
    from security.models import User

    hasher = PBKDF2PasswordHasher()
    users = list(User.objects.filter(username__in=usernames))
    for user in users:
        if not user.password.startswith(hasher.algorithm):
            user.password = hasher.encode(PASSWORD, hasher.salt())
    update_with_history(
        User, users, ["password"], user=builder, reason="Load test login"
    )


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def serve(workers: int, port: int, static_root: str, log, secret_key: str):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BPETS_", "DJANGO_"))
    }
    environment.update(
        BPETS_ENV="production",
        DJANGO_SETTINGS_MODULE="load_settings",
        PYTHONPATH=f"{ROOT / 'bench'}:{ROOT}",
        # One key for every server of the run: the sessions outlive each.
        SECRET_KEY=secret_key,
        DIRECTORY_SIGNING_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS=LOOPBACK,
        BPETS_BEHIND_TLS_PROXY="true",
        STATIC_ROOT=static_root,
        DIRECTORY_SINK_FILE=str(Path(static_root).parent / "directory-push.jsonl"),
    )
    if "collected" not in os.listdir(static_root):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        Path(static_root, "collected").write_text("")
    process = subprocess.Popen(  # noqa: S603 (our own virtualenv's gunicorn)
        [
            TASKSET,
            "-c",
            str(SERVER_CORE),
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bpets.wsgi",
            "--bind",
            f"{LOOPBACK}:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
            probe.request("GET", "/health/", headers={"X-Forwarded-Proto": "https"})
            if probe.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer in 60 s")


def generate(plan_path: Path, port: int, mix: str, arguments) -> dict:
    finished = subprocess.run(  # noqa: S603
        [
            TASKSET,
            "-c",
            str(GENERATOR_CORE),
            sys.executable,
            __file__,
            "--drive",
            str(plan_path),
            "--port",
            str(port),
            "--mix",
            mix,
            "--seconds",
            str(arguments.seconds),
            "--max-requests",
            str(arguments.max_requests),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError(f"the generator stopped: {finished.stderr[-500:]}")
    return json.loads(finished.stdout)


def _seconds_by_kind(timings) -> dict[str, list[float]]:
    by_kind: dict[str, list[float]] = {}
    for kind, seconds, _ in timings:
        by_kind.setdefault(kind, []).append(seconds)
    return {kind: sorted(seconds) for kind, seconds in by_kind.items()}


def figures(outcome: dict) -> dict:
    timings = outcome["timings"]
    latencies = sorted(seconds for _, seconds, _ in timings)
    # Nothing the mix asks for redirects: a redirect is the login page.
    errors = sum(1 for _, _, status in timings if status >= 300)
    return {
        "requests": len(timings),
        "per_second": len(timings) / outcome["elapsed"],
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
        "by_kind": {
            kind: sum(1 for k, _, status in timings if k == kind and status < 300)
            for kind in {kind for kind, _, _ in timings}
        },
        "latency_by_kind": {
            kind: [
                statistics.median(seconds) * 1000,
                seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))] * 1000,
                len(seconds),
            ]
            for kind, seconds in _seconds_by_kind(timings).items()
        },
        "failed": sorted(
            {(kind, status) for kind, _, status in timings if status >= 300}
        ),
    }


def run_mixes(arguments, plan_path, static_root, log, looks):
    """Both mixes for one worker, then two: their figures, and a note on the
    audit events of each."""
    from security.models import AuditEvent

    rows, notes = [], []
    secret_key = secrets.token_urlsafe(64)
    for workers in (1, 2):
        port = free_port()
        server = serve(workers, port, str(static_root), log, secret_key)
        try:
            events_before, looks_before = AuditEvent.objects.count(), looks.count()
            product = figures(generate(plan_path, port, "product", arguments))
            events_after, looks_after = AuditEvent.objects.count(), looks.count()
            bare = figures(generate(plan_path, port, "bare", arguments))
        finally:
            server.terminate()
            server.wait(timeout=30)
        audited = product["by_kind"].get("profile of an agent (audited)", 0)
        rows.append((workers, product, bare))
        notes.append(
            f"{workers} worker(s): audit events {events_before:,} → "
            f"{events_after:,} (+{events_after - events_before}); audited profile "
            f"looks answered {audited}, their events written "
            f"{looks_after - looks_before}"
            + ("" if looks_after - looks_before == audited else " (**some lost**)")
            + (f"; failed: {product['failed']}" if product["failed"] else "")
        )
    return rows, notes


def orchestrate(arguments) -> None:
    os.environ.setdefault(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bpets_nation"
    )
    sys.path.insert(0, str(ROOT / "bench"))
    import harness  # noqa: F401 (sets Django up)
    import pinning
    import results
    from django.db import connection

    from security.models import AuditEvent

    # As autovacuum keeps a live database: the national benchmarks before
    # this leave millions of dead rows, which slow the planning of queries.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    plan = prepare(arguments)
    supervisors = [p["username"] for p in plan["people"] if p["role"] == "supervisor"]
    looks = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED, actor_username__in=supervisors
    )
    load_before = results.load_average()
    with tempfile.TemporaryDirectory() as scratch:
        plan_path = Path(scratch, "plan.json")
        plan_path.write_text(json.dumps(plan))
        static_root = Path(scratch, "static")
        static_root.mkdir()
        log = Path(scratch, "gunicorn.log").open("w")  # noqa: SIM115 (closed below)
        pin = (
            pinning.servers_pinned(SERVER_CORE)
            if arguments.pin_servers
            else contextlib.nullcontext("PostgreSQL and Redis not pinned (asked)")
        )
        with pin as pinned:
            rows, notes = run_mixes(arguments, plan_path, static_root, log, looks)
        log.close()

    counts = {
        role: sum(1 for person in plan["people"] if person["role"] == role)
        for role in ("agent", "supervisor")
    }
    lines = [
        "## Load test (`bench/load.py`)",
        "",
        f"gunicorn (production settings) on 127.0.0.1 pinned to core "
        f"{SERVER_CORE}, the generator pinned to core {GENERATOR_CORE}; {pinned}. "
        f"{len(plan['people'])} virtual users ({counts['agent']} agents, "
        f"{counts['supervisor']} supervisors), {arguments.seconds} s or "
        f"{arguments.max_requests} requests per mix. Load average at the start "
        f"{load_before}, at the end {results.load_average()}.",
        "",
        "| workers | mix | requests | requests/s | median | p99 | errors "
        "| ratio to bare |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for workers, product, bare in rows:
        for name, figure in (("the day's work", product), ("bare view", bare)):
            lines.append(
                f"| {workers} | {name} | {figure['requests']} | "
                f"{figure['per_second']:.1f} | {figure['median_ms']:.0f} ms | "
                f"{figure['p99_ms']:.0f} ms | {figure['errors']} | "
                f"{figure['per_second'] / bare['per_second']:.2f} |"
            )
    lines += ["", *[f"- {note}" for note in notes]]
    # Which pages of the mix cost most, as a user waits for them under load.
    lines += [
        "",
        "The day's work page by page, one worker (waits include the queue in "
        "front of the worker):",
        "",
        "| request | requests | median | p99 |",
        "| --- | --- | --- | --- |",
    ]
    for kind, (median_ms, p99_ms, count) in sorted(
        rows[0][1]["latency_by_kind"].items()
    ):
        lines.append(f"| {kind} | {count} | {median_ms:.0f} ms | {p99_ms:.0f} ms |")
    text = "\n".join(lines)
    results.write_section("load", text)
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument(
        "--no-pin-servers",
        dest="pin_servers",
        action="store_false",
        help="leave PostgreSQL and Redis on every core (a machine shared with "
        "others, whose servers they are)",
    )
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mix", default="product", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.drive:
        drive(arguments)
    else:
        orchestrate(arguments)


if __name__ == "__main__":
    main()
