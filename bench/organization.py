"""How long the organization tree takes to load and to show.

.venv/bin/python bench/organization.py [--requests N]
"""

import argparse
import statistics
import time

import harness  # sets Django up: first of the project's imports

# isort: split

from django.test import Client

from security import services
from security.models import OrganizationUnit, User


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def page_times(client: Client, path: str, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    arguments = parser.parse_args()

    with harness.scratch_database():
        first = timed(services.load_organization)
        again = timed(services.load_organization)

        user = User.objects.create_user("bench", password="bench-password-0")
        client = Client()
        client.force_login(user)
        tucson = OrganizationUnit.objects.get(kind="SECTOR", code="TCA")
        tree = page_times(client, "/security/organization/", arguments.requests)
        sector = page_times(
            client, f"/security/organization/{tucson.pk}/", arguments.requests
        )

    rows = [
        ("first load of 157 units", f"{first:.2f} s", "< 5 s"),
        ("reload, nothing changed", f"{again:.2f} s", "< 2 s"),
        (
            "organization page, median / p95",
            f"{statistics.median(tree) * 1000:.1f} / "
            f"{statistics.quantiles(tree, n=20)[18] * 1000:.1f} ms",
            "< 100 ms p95",
        ),
        (
            "sector page, median / p95",
            f"{statistics.median(sector) * 1000:.1f} / "
            f"{statistics.quantiles(sector, n=20)[18] * 1000:.1f} ms",
            "< 100 ms p95",
        ),
    ]
    print("| figure | measured | target |")
    print("| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
