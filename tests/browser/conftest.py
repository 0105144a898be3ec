import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from bpets.demo_population import DEMO_PASSWORD

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser; the flags keep it from
    # reaching for the network on start.
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("BPETS_CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def accessibility_violations(page) -> list[str]:
    """What axe-core finds wrong with the page, one line per problem."""
    # Evaluated through the debugging protocol, not as a <script> tag: the
    # pages' Content Security Policy rightly refuses inline script.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']}: {violation['help']} "
        f"({', '.join(node['target'][0] for node in violation['nodes'])})"
        for violation in results["violations"]
    ]


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server's address, with the organization and demo loaded."""
    call_command("load_organization", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def policy_refusals(page) -> list[str]:
    """A list that fills, as the page runs, with every refusal of its
    Content Security Policy the console reports and every uncaught error."""
    refusals = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: refusals.append(str(error)))
    return refusals


def log_in(page, site, username):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    # The design system hides the box itself and draws it in the label.
    page.locator("label[for=id_accept_notice]").click()
    page.get_by_role("button", name="Log in").click()
