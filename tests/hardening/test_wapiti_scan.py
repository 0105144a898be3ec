"""A real web vulnerability scanner against the running product: Debian's wapiti.

The product runs in production mode on a loopback port over TLS (see
``production_server``); wapiti logs in as the demo supervisor (who sees the
most pages: subordinates, exports, the audit log), crawls and attacks it
within a bounded time, and writes a JSON report. Nothing above
informational may be found.

Wapiti is aimed at 127.0.0.1 and nothing else: the target is checked, its
scope is the site's root folder, the modules that call out to wapiti's own
servers (ssrf, wapp's download, the bug report) are off, and any request
to another host would go to a closed loopback port as its proxy.
"""

import json
import os
import re
import shutil
import subprocess
import urllib.parse

import pytest

from tests.hardening.production_server import LOOPBACK, cookies_of

pytestmark = [pytest.mark.scan, pytest.mark.django_db]

WAPITI = shutil.which("wapiti") or "/usr/bin/wapiti"
# Sees the most pages: subordinates' profiles, exports, the audit log.
SCANNED_AS = "supervisor"
# Every default module but two, and the CRLF injection check besides. Off:
# ssrf, which asks wapiti's server on the internet whether it was called;
# blindsql, whose time-based payloads (some 200 per field, each waiting for
# a delay) took two minutes on the audit log's search form alone, since
# wapiti checks its time limit only between forms. Every query goes through
# the ORM's parameters, and the error-based sql module still runs. Not
# added: csrf, which in 3.0.4 does not know Django's token field's name
# and so reports every form (tests/hardening/test_headers_and_csrf.py
# checks that a post without the token is refused).
MODULES = "common,-ssrf,-blindsql,crlf"
CRAWL_SECONDS = 15
# The crawl is bounded in time, so how deep it gets depends on how busy the
# machine is. The pages the test must see crawled (with a subordinate's
# profile, found at run time) are handed to wapiti as starting points, so
# they come first however little time the crawl gets.
START_PAGES = ("/security/audit/", "/staffing/")
ATTACK_SECONDS = 4
# Nothing above informational is expected: any finding fails the test.
EXPECTED: set[tuple[str, str]] = set()
INFORMATIONAL = "0"
# The discard port: nothing listens there.
CLOSED_PORT = f"http://{LOOPBACK}:9"


def on_loopback(url: str) -> bool:
    address = urllib.parse.urlsplit(url)
    return address.scheme == "https" and address.hostname == LOOPBACK


def findings(report: dict) -> list[dict]:
    """Every vulnerability and anomaly the report holds, with its category."""
    found = []
    for section in ("vulnerabilities", "anomalies"):
        for category, entries in report.get(section, {}).items():
            for entry in entries:
                found.append({"section": section, "category": category, **entry})
    return found


def above_informational(found: list[dict]) -> list[dict]:
    return [
        finding
        for finding in found
        if str(finding["level"]) != INFORMATIONAL
        and (finding["category"], finding["info"]) not in EXPECTED
    ]


def describe(found: list[dict]) -> str:
    return "\n".join(
        f"- [{finding['level']}] {finding['category']}: {finding['info']} "
        f"({finding['method']} {finding['path']} {finding.get('parameter', '')})"
        for finding in found
    )


def a_subordinates_profile(production, session: str) -> str:
    """The path of the first profile the supervisor's staffing page links to."""
    response, page = production.fetch("GET", "/staffing/", headers={"Cookie": session})
    assert response.status == 200, response.status
    profile = re.search(r'href="(/staffing/people/\d+/)"', page)
    assert profile, "the supervisor's staffing page links to no profile"
    return profile.group(1)


def session_cookies(production, path):
    """Log the supervisor in; their cookies in the file format wapiti reads.

    Wapiti's own form login cannot tick the system-use notice's box, so
    the test logs in as a browser would and hands wapiti the session.
    """
    response, csrf_cookie = production.log_in(SCANNED_AS)
    assert response.status == 302, "the demo supervisor could not log in"
    cookies = {}
    for header in (csrf_cookie, cookies_of(response)["__Host-sessionid"]):
        name, value = header.split(";", 1)[0].split("=", 1)
        cookies[name] = {
            "value": value,
            "expires": None,
            "secure": True,
            "port": None,
            "version": 0,
        }
    path.write_text(json.dumps({LOOPBACK: {"/": cookies}}))
    return path


@pytest.fixture(scope="module")
def scan(production, tmp_path_factory):
    """Run wapiti once against the product; its JSON report."""
    assert on_loopback(production.url), production.url
    directory = tmp_path_factory.mktemp("wapiti")
    report = directory / "report.json"
    root = f"{production.url}/"
    cookie_file = session_cookies(production, directory / "cookies.json")
    cookies = json.loads(cookie_file.read_text())[LOOPBACK]["/"]
    session = f"__Host-sessionid={cookies['__Host-sessionid']['value']}"
    start_pages = (*START_PAGES, a_subordinates_profile(production, session))
    command = [
        WAPITI,
        "--url",
        root,
        "--scope",
        "folder",
        *(
            argument
            for page in start_pages
            for argument in ("--start", f"{production.url}{page}")
        ),
        "--cookie",
        str(cookie_file),
        # The log-out form would end the scan's session: the proxy in front
        # refuses it (wapiti 3.0.4's --exclude fails on Python 3.11), and
        # the token field is not attacked, so no attack posts it either.
        "--skip",
        "csrfmiddlewaretoken",
        "--module",
        MODULES,
        "--max-scan-time",
        str(CRAWL_SECONDS),
        "--max-attack-time",
        str(ATTACK_SECONDS),
        # Like pages are many (a profile per person): a few of each do.
        "--max-files-per-dir",
        "5",
        "--max-links-per-page",
        "40",
        "--timeout",
        "5",
        "--verify-ssl",
        "1",
        # What out-of-band payloads would name (with ssrf off, none does).
        # The internal endpoint is left out: wapiti would ping it.
        "--external-endpoint",
        f"{CLOSED_PORT}/",
        "--no-bugreport",
        "--flush-session",
        "--store-session",
        str(directory / "session"),
        "--store-config",
        str(directory / "config"),
        "--format",
        "json",
        "--output",
        str(report),
        "--verbose",
        "1",
    ]
    # The wapp module fetches its database from the internet when it finds
    # none; an empty one stops that (the module itself is not run).
    (directory / "config").mkdir()
    (directory / "config" / "apps.json").write_text("{}")
    environment = {
        **os.environ,
        "HOME": str(directory),
        # The server's self-signed certificate is the only one trusted.
        "REQUESTS_CA_BUNDLE": str(production.certificate),
        # Anything not on loopback goes to a closed loopback port, so that
        # nothing wapiti might try reaches another host.
        "HTTP_PROXY": CLOSED_PORT,
        "HTTPS_PROXY": CLOSED_PORT,
        "ALL_PROXY": CLOSED_PORT,
        "NO_PROXY": LOOPBACK,
    }
    finished = subprocess.run(
        command,
        env=environment,
        capture_output=True,
        text=True,
        timeout=6 * 60,
        check=False,
    )
    (directory / "wapiti.log").write_text(finished.stdout + finished.stderr)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return {
        "report": json.loads(report.read_text()),
        "output": finished.stdout,
        "session": session,
    }


def test_wapiti_is_installed():
    assert os.access(WAPITI, os.X_OK), "apt-get install wapiti (dev.py test does)"


def test_the_target_check_refuses_anything_but_loopback():
    assert on_loopback("https://127.0.0.1:8443/")
    assert not on_loopback("https://127.0.0.2:8443/")
    assert not on_loopback("https://bpets.example.gov/")
    assert not on_loopback("http://127.0.0.1:8000/")


def test_wapiti_crawled_the_pages_behind_the_login(scan, production):
    crawled = set(re.findall(r"^\[\+\] GET (\S+)", scan["output"], re.MULTILINE))
    found = re.search(r"Wapiti found (\d+) URLs and forms", scan["output"])

    assert int(found.group(1)) >= 50, scan["output"][-2000:]
    assert f"{production.url}/security/audit/" in crawled
    assert any(
        re.fullmatch(rf"{re.escape(production.url)}/staffing/people/\d+/", url)
        for url in crawled
    )


def test_the_scan_stayed_logged_in_to_the_end(scan, production):
    response, _ = production.fetch("GET", "/", headers={"Cookie": scan["session"]})

    assert response.status == 200


def test_nothing_above_informational(scan):
    found = findings(scan["report"])
    print("wapiti found:\n" + (describe(found) or "nothing"))  # noqa: T201

    assert above_informational(found) == [], describe(above_informational(found))


class TestTheReading:
    REPORT = {
        "vulnerabilities": {
            "Cross Site Scripting": [
                {
                    "method": "GET",
                    "path": "/x",
                    "info": "XSS in q",
                    "level": 3,
                    "parameter": "q",
                }
            ],
            "HTTP Secure Headers": [
                {
                    "method": "GET",
                    "path": "/",
                    "info": "X-XSS-Protection is not set",
                    "level": 1,
                    "parameter": "",
                }
            ],
        },
        "anomalies": {
            "Internal Server Error": [
                {"method": "POST", "path": "/y", "info": "500", "level": 3}
            ]
        },
        "additionals": {"Fingerprint": [{"info": "Django", "level": 0}]},
    }

    def test_vulnerabilities_and_anomalies_are_read_additionals_are_not(self):
        found = findings(self.REPORT)

        assert [finding["category"] for finding in found] == [
            "Cross Site Scripting",
            "HTTP Secure Headers",
            "Internal Server Error",
        ]

    def test_every_finding_above_informational_is_refused(self):
        refused = above_informational(findings(self.REPORT))

        assert [finding["category"] for finding in refused] == [
            "Cross Site Scripting",
            "HTTP Secure Headers",
            "Internal Server Error",
        ]
