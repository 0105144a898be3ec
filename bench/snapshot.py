"""The statistical snapshot at national scale: importing a file of a
million rows, and the AOR summary over 26 fiscal years and 20 sectors.

.venv/bin/python bench/snapshot.py [--runs N] [--requests N]

Builds a snapshot file of 26 fiscal years (2000-2025) x 20 sectors x 12
months x 8 zones of a station x 20 measures (998,400 rows), plus the annual
sector rows the AOR summary reads (apprehensions, agents, drugs, deaths,
rescues, turn-backs, got-aways), then:

- imports it several times (the snapshot emptied between runs), end to end
  as the command does: hash, the whole-file check, COPY, coverage and
  totals, and reports the median against 20 s;
- serves the AOR summary of the nation for FY2000-2025 to a headquarters
  analyst through Django's test client (middleware, policy, the summary,
  the template) and reports the median server time against 300 ms, with
  its SQL queries beside those of a two-year summary.
"""

import argparse
import statistics
import time

import harness  # sets Django up: first of the project's imports

# isort: split

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reporting import snapshot
from reporting.models import ImportRun, SnapshotVersion
from reporting.national import YEARS, snapshot_content
from security import services as security_services
from security.models import OrganizationUnit, RoleGrant

IMPORT_TARGET_S = 20
SUMMARY_TARGET_MS = 300


def empty_snapshot() -> None:
    SnapshotVersion.objects.all().delete()
    ImportRun.objects.all().delete()


def import_once(content: bytes) -> float:
    started = time.perf_counter()
    run = snapshot.import_now(content, "bench.csv")
    elapsed = time.perf_counter() - started
    assert run.state == ImportRun.State.LOADED, run.errors[:3]
    return elapsed


def analyst(suffix: str = "") -> Client:
    user = harness.make_user(f"bench-analyst{suffix}")
    RoleGrant.objects.create(
        user=user,
        module="reporting",
        role="analyst",
        organization_unit=OrganizationUnit.objects.get(kind="HQ"),
        starts_on=date(2026, 1, 1),
        granted_by=user,
        reason="benchmark",
    )
    security_services.sync_grant_permissions(user)
    client = Client()
    client.force_login(user)
    return client


def summary_figures(client, first: int, last: int, requests: int):
    url = (
        f"/reporting/aor-summary/?area=USBP&station=&first_year={first}"
        f"&last_year={last}"
    )
    for _ in range(2):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times) * 1000, len(captured)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=10)
    arguments = parser.parse_args()

    with harness.scratch_database():
        security_services.load_organization()
        content, rows = snapshot_content(YEARS)

        durations = []
        for _ in range(arguments.runs):
            empty_snapshot()
            durations.append(import_once(content))
        import_s = statistics.median(durations)

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        client = analyst()
        long_ms, long_queries = summary_figures(client, 2000, 2025, arguments.requests)
        _, short_queries = summary_figures(client, 2024, 2025, 1)

        print("| figure | measured | target |")
        print("| --- | --- | --- |")
        print(
            f"| snapshot import of {rows} rows ({len(content) / 1e6:.0f} MB) | "
            f"{import_s:.2f} s (median of {arguments.runs}) | under "
            f"{IMPORT_TARGET_S} s |"
        )
        print(
            f"| AOR summary, nation, FY2000-2025, 20 sectors, server time | "
            f"{long_ms:.0f} ms (median of {arguments.requests}) | under "
            f"{SUMMARY_TARGET_MS} ms |"
        )
        print(
            f"| AOR summary SQL queries, 26 years against 2 | {long_queries} "
            f"against {short_queries} | the same count |"
        )


if __name__ == "__main__":
    main()
