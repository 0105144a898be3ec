"""The product as deployed, served on loopback for the scanner and header tests.

A database of its own (so that nothing the scanner posts reaches the test
database), migrated and loaded with the demo population; collected static
files; gunicorn in production mode (secure __Host- cookies, HSTS, the
HTTPS redirect) behind a TLS-terminating proxy with a throw-away
self-signed certificate, as a deployment runs it.
"""

import http.client
import os
import re
import secrets
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings

from bpets.demo_population import DEMO_PASSWORD
from tests.hardening.tls_proxy import LOOPBACK, TlsProxy

ROOT = Path(__file__).resolve().parents[2]
# A scanner that followed the log-out form would scan the rest logged out.
REFUSED_BY_THE_PROXY = {("POST", "/accounts/logout/")}


@dataclass
class Server:
    url: str
    certificate: Path
    log: Path

    def context(self) -> ssl.SSLContext:
        # Trusts exactly the server's own certificate.
        return ssl.create_default_context(cafile=str(self.certificate))

    def fetch(self, method, path, body=None, headers=None):
        """One request on a fresh connection: the response and its text."""
        address = urllib.parse.urlsplit(self.url)
        connection = http.client.HTTPSConnection(
            address.hostname, address.port, context=self.context(), timeout=30
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read().decode()
        finally:
            connection.close()

    def log_in(self, username: str):
        """Log in through the form as a browser does; the login's response."""
        page, body = self.fetch("GET", "/accounts/login/")
        csrf_cookie = cookies_of(page)["__Host-csrftoken"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": DEMO_PASSWORD,
                "accept_notice": "on",
            }
        )
        response, _ = self.fetch(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": csrf_cookie.split(";", 1)[0],
                "Referer": f"{self.url}/accounts/login/",
            },
        )
        return response, csrf_cookie


def cookies_of(response) -> dict[str, str]:
    """Each Set-Cookie header by its cookie's name, as sent."""
    return {
        header.split("=", 1)[0]: header
        for header in response.headers.get_all("Set-Cookie") or []
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def database_url(name: str) -> str:
    database = settings.DATABASES["default"]
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or LOOPBACK
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _admin_connection():
    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or LOOPBACK,
        port=database.get("PORT") or 5432,
        autocommit=True,
    )


def create_database(name: str) -> None:
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with _admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _clean_environment() -> dict:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BPETS_", "CELERY_", "DJANGO_", "CACHE_"))
        and key not in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")
    }


def _manage(*arguments, env, log) -> None:
    with log.open("a") as output:
        finished = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if finished.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-15:])
        raise RuntimeError(f"manage.py {arguments[0]} failed:\n{tail}")


def make_certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "server.crt", directory / "server.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={LOOPBACK}",
            "-addext",
            f"subjectAltName=IP:{LOOPBACK}",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def wait_until_up(server: Server, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: see {server.log}")
        try:
            with urllib.request.urlopen(  # noqa: S310 (our own loopback URL)
                f"{server.url}/health/", context=server.context(), timeout=5
            ):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer in {seconds} s: see {server.log}")


def start(directory: Path, database: str):
    """Prepare and start the server; yields it, then stops it."""
    log = directory / "server.log"
    base = {
        **_clean_environment(),
        "DATABASE_URL": database_url(database),
        # The demo's listings go to the run's own folder, not the checkout's.
        "DIRECTORY_SINK_FILE": str(directory / "directory-push.jsonl"),
    }
    create_database(database)
    try:
        # The demo population is for demonstration machines, so it is loaded
        # in development mode (which hashes passwords as production does);
        # the server itself then runs as production does.
        loading = {**base, "BPETS_ENV": "development"}
        _manage("migrate", "--noinput", env=loading, log=log)
        _manage("load_organization", env=loading, log=log)
        _manage("load_demo", env=loading, log=log)

        production = {
            **base,
            "BPETS_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DIRECTORY_SIGNING_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": LOOPBACK,
            "STATIC_ROOT": str(directory / "static"),
        }
        _manage("collectstatic", "--noinput", env=production, log=log)
        certificate, key = make_certificate(directory)
        port, backend_port = free_port(), free_port()
        server = Server(f"https://{LOOPBACK}:{port}", certificate, log)
        with log.open("a") as output:
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "bpets.wsgi",
                    "--bind",
                    f"{LOOPBACK}:{backend_port}",
                    "--workers",
                    "2",
                ],
                cwd=ROOT,
                env={**production, "BPETS_BEHIND_TLS_PROXY": "true"},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            with TlsProxy(
                port, backend_port, certificate, key, refused=REFUSED_BY_THE_PROXY
            ):
                wait_until_up(server, process)
                yield server
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        drop_database(database)
