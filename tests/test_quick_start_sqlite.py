"""The README's quick start on its own database, SQLite, as a new user gets it.

Every other test runs on PostgreSQL, so SQL written for it alone (a
function's SQLite form, a placeholder) would pass them all and still stop
``dev.py up`` on a bare machine. This runs the same set-up steps as ``up``
into an SQLite file, then walks the pages each demo login reaches from the
home page, following the links on them, and names any that fails.
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_demo import DEMO_USERNAMES

ROOT = Path(__file__).resolve().parent.parent

WALK = """
import json, os, re
from django.test import Client
from django.test.utils import setup_test_environment
from security.models import User

setup_test_environment()
LINK = re.compile(r'href="(/[^"#]*)"')
SKIPPED = ("/accounts/logout", "/static/", "/admin/")
failures, seen_pages = [], 0
for username in os.environ["WALK_LOGINS"].split(","):
    client = Client()
    client.force_login(User.objects.get(username=username))
    queue, seen = ["/"], {"/"}
    while queue and len(seen) <= int(os.environ["WALK_LIMIT"]):
        url = queue.pop(0)
        response = client.get(url)
        seen_pages += 1
        if response.status_code >= 500:
            failures.append([username, url, response.status_code])
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(SKIPPED):
                seen.add(link)
                queue.append(link)
print(json.dumps({"failures": failures, "pages": seen_pages}))
"""


EPOCH = """
import json
from datetime import UTC, datetime
from bpets.epoch import EpochSeconds, instant
from security.models import User

# The last second of 2025 with fractions a reading to the millisecond would
# round up into 2026, kept on one login, read back as whole seconds.
login = User.objects.filter(pk=User.objects.order_by("pk").values("pk")[:1])
fractions = []
for microseconds in (0, 500_000, 999_600, 999_999):
    moment = datetime(2025, 12, 31, 23, 59, 59, microseconds, tzinfo=UTC)
    login.update(last_login=moment)
    fractions.append(
        login.annotate(seconds=EpochSeconds("last_login"))
        .values_list("seconds", flat=True)
        .get()
    )
pairs = User.objects.annotate(seconds=EpochSeconds("date_joined")).values_list(
    "date_joined", "seconds"
)
print(json.dumps({
    "fractions": fractions,
    "pairs": [
        [joined.replace(microsecond=0).isoformat(), instant(seconds).isoformat()]
        for joined, seconds in pairs
    ],
}))
"""


# 2026-01-01 00:00 UTC is 56 years of 365 days and 14 leap days after 1970.
LAST_SECOND_OF_2025 = 1_767_225_600 - 1


def load_dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_quick_start_sets_up_and_serves_every_role_on_sqlite(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BPETS_", "DJANGO_", "DATABASE_"))
    }
    environment.update(
        # Development mode as the quick start runs it, DEBUG and all: its
        # log of queries formats every statement, a second reading of it.
        BPETS_ENV="development",
        DATABASE_URL=f"sqlite:///{tmp_path / 'quick-start.sqlite3'}",
        CELERY_BROKER_URL="",
    )

    def manage(*arguments, **overrides):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env={**environment, **overrides},
            capture_output=True,
            text=True,
            check=False,
        )

    for step in load_dev().SET_UP:
        done = manage(*step)
        assert done.returncode == 0, (step, done.stderr[-3000:])

    # Each role of the demo's table, the pages it reaches within 40 links.
    environment["WALK_LOGINS"] = ",".join(DEMO_USERNAMES)
    environment["WALK_LIMIT"] = "40"
    walked = manage("shell", "--no-imports", "-c", WALK)
    assert walked.returncode == 0, walked.stderr[-3000:]
    outcome = json.loads(walked.stdout.strip().splitlines()[-1])

    assert outcome["failures"] == []
    # The G-259 reads its shifts as whole seconds: the same instants here,
    # without DEBUG too, where a wrong format reads quietly as 1970.
    read = manage("shell", "--no-imports", "-c", EPOCH, DEBUG="false")
    assert read.returncode == 0, read.stderr[-3000:]
    readings = json.loads(read.stdout.strip().splitlines()[-1])
    assert readings["fractions"] == [LAST_SECOND_OF_2025] * 4
    pairs = readings["pairs"]
    assert len(pairs) > 20
    assert [stored for stored, _ in pairs] == [seconds for _, seconds in pairs]
    # Every login has more than its home page to open.
    assert outcome["pages"] > len(DEMO_USERNAMES) * 10
