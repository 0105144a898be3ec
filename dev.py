#!/usr/bin/env python3
"""Bring BPETS up, or run its tests, from a bare machine with Python 3.11.

    python3 dev.py up     install, migrate, load the organization and the
                          demo population, serve on http://127.0.0.1:8000
                          (PORT=8001 for another port)
    python3 dev.py test   every check and test, on PostgreSQL and Redis

Only the standard library is used here: this runs before anything else is
installed. uv is installed into var/tools/ when it is not on the PATH, and
the environment is made from the committed lock file.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
VAR = ROOT / "var"
TOOLS = VAR / "tools"
UV_VERSION = "0.13.8"
VENV_PYTHON = (
    ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
)

DEFAULT_TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bpets"
DEFAULT_TEST_BROKER_URL = "redis://127.0.0.1:6379/9"
CHROMIUM = "/usr/bin/chromium"
# WeasyPrint's system libraries, by the name the loader knows and the
# Debian package that has it.
PANGO_LIBRARIES = {"pango-1.0": "libpango-1.0-0", "pangoft2-1.0": "libpangoft2-1.0-0"}


class Missing(Exception):
    """Something the command needs cannot be had; the message says how to get it."""


def say(message: str) -> None:
    print(f"[bpets] {message}", flush=True)


def run(*command, env=None, check=True) -> int:
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if check and result.returncode != 0:
        raise SystemExit(result.returncode)
    return result.returncode


def find_uv() -> Path:
    on_path = shutil.which("uv")
    if on_path:
        return Path(on_path)
    uv = TOOLS / ("Scripts/uv.exe" if os.name == "nt" else "bin/uv")
    if not uv.exists():
        say(f"installing uv {UV_VERSION} into {TOOLS.relative_to(ROOT)}/")
        try:
            import venv  # noqa: F401
        except ImportError:
            raise Missing(
                "Python's venv module is missing. On Debian or Ubuntu: "
                "apt-get install python3-venv"
            ) from None
        run(sys.executable, "-m", "venv", TOOLS)
        tools_python = TOOLS / (
            "Scripts/python.exe" if os.name == "nt" else "bin/python"
        )
        run(tools_python, "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    return uv


def sync_environment(with_dev: bool) -> None:
    uv = find_uv()
    command = [uv, "sync", "--frozen"]
    if not with_dev:
        # --inexact keeps the test tools when they are already installed.
        command += ["--no-dev", "--inexact"]
    if sys.version_info[:2] == (3, 11):
        command += ["--python", sys.executable]
    env = {
        **os.environ,
        "UV_PYTHON_DOWNLOADS": os.environ.get("UV_PYTHON_DOWNLOADS", "never"),
    }
    say("creating the environment from uv.lock")
    if run(*command, env=env, check=False) != 0:
        raise Missing(
            "uv could not build the environment. It needs Python 3.11 "
            "(python3.11 on the PATH) and access to the package index."
        )


def manage(*arguments, env) -> None:
    run(VENV_PYTHON, "manage.py", *arguments, env=env)


# What `up` runs before serving, in order; a test runs the same on SQLite.
SET_UP = (
    ("migrate", "--no-input"),
    ("load_organization",),
    ("load_checkpoints",),
    ("load_statistics",),
    ("load_demo",),
)


def up() -> None:
    sync_environment(with_dev=False)
    try:
        ensure_pango()
    except Missing as missing:
        # Every page but the PDF downloads works without it.
        say(f"PDF downloads will fail: {missing}")
    env = {**os.environ}
    env.setdefault("BPETS_ENV", "development")
    database = env.get("DATABASE_URL", "")
    if database.startswith(("postgres://", "postgresql://")):
        ensure_postgres(database)
        ensure_database(database, env)
    broker = env.get("CELERY_BROKER_URL", "")
    if broker:
        ensure_redis(broker)
    for step in SET_UP:
        manage(*step, env=env)
    port = env.get("PORT", "8000")
    server = [str(VENV_PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}"]
    if not broker:
        say(f"serving on http://127.0.0.1:{port} (Ctrl-C stops it)")
        os.chdir(ROOT)
        os.execve(str(VENV_PYTHON), server, env)

    # Jobs go to the broker: a worker must take them. Both run as children
    # of this process, which stops them together however it is ended
    # (Ctrl-C, or a TERM signal to this process or to the server).
    say("starting a Celery worker for the jobs sent to the broker")
    own_group = os.name != "nt"
    worker = subprocess.Popen(
        [str(VENV_PYTHON), "-m", "celery", "-A", "bpets", "worker"]
        + ["--loglevel=WARNING", "--concurrency=2"],
        cwd=ROOT,
        env=env,
        start_new_session=own_group,
    )
    say(f"serving on http://127.0.0.1:{port} (Ctrl-C stops it and the worker)")
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    children = [worker]
    try:
        children.append(
            subprocess.Popen(server, cwd=ROOT, env=env, start_new_session=own_group)
        )
        children[-1].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            stop(child)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                stop(child, kill=True)


def stop(child: subprocess.Popen, kill: bool = False) -> None:
    """End a child and its own children: on POSIX it leads a process group
    (the server's autoreloader and the worker's pool are in it)."""
    if os.name == "nt":
        if kill:
            child.kill()
        else:
            child.terminate()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL if kill else signal.SIGTERM)


def ensure_database(url: str, env: dict) -> None:
    """Create the database ``url`` names if the server has none by that
    name (it answers with another of its databases, postgres)."""
    script = (
        "import sys, psycopg\n"
        "from psycopg import sql\n"
        "from urllib.parse import urlsplit\n"
        "parts = urlsplit(sys.argv[1])\n"
        "name = parts.path.lstrip('/')\n"
        "server = parts._replace(path='/postgres').geturl()\n"
        "with psycopg.connect(server, autocommit=True) as connection:\n"
        "    found = connection.execute(\n"
        "        'SELECT 1 FROM pg_database WHERE datname = %s', [name]\n"
        "    ).fetchone()\n"
        "    if not found:\n"
        "        print(f'[bpets] creating the database {name}', flush=True)\n"
        "        connection.execute(\n"
        "            sql.SQL('CREATE DATABASE {}').format(sql.Identifier(name))\n"
        "        )\n"
    )
    if run(VENV_PYTHON, "-c", script, url, env=env, check=False) != 0:
        raise Missing(
            "The database in DATABASE_URL could not be reached or created; "
            "create it (createdb NAME) or point DATABASE_URL at one that exists."
        )


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(host: str, port: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_open(host, port):
            return True
        time.sleep(0.5)
    return False


def is_local(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1")


def ensure_postgres(url: str) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    if port_open(host, port):
        return
    clusters = Path("/etc/postgresql")
    if is_local(host) and shutil.which("pg_ctlcluster") and clusters.is_dir():
        for version in sorted(path.name for path in clusters.iterdir()):
            say(f"starting PostgreSQL {version}")
            run(
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                version,
                "main",
                "start",
                check=False,
            )
        if wait_for(host, port):
            return
    raise Missing(
        f"PostgreSQL is not answering on {host}:{port}. Install it (Debian: "
        "apt-get install postgresql) or start the compose file's database "
        "(docker compose up -d db), or point DATABASE_URL at another server."
    )


def ensure_redis(url: str) -> None:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    if port_open(host, port):
        return
    if is_local(host) and shutil.which("redis-server"):
        say("starting Redis")
        run(
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            port,
            "--save",
            "",
            "--appendonly",
            "no",
            check=False,
        )
        if wait_for(host, port):
            return
    raise Missing(
        f"Redis is not answering on {host}:{port}. Install it (Debian: "
        "apt-get install redis-server) or start the compose file's Redis "
        "(docker compose up -d redis), or point CELERY_BROKER_URL elsewhere."
    )


def apt_install(why: str, *packages: str) -> bool:
    """Install Debian packages, on Debian run as root; whether it could try."""
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not (shutil.which("apt-get") and is_root):
        return False
    say(f"installing {' '.join(packages)} from Debian's packages {why}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env, check=False)
    run("apt-get", "install", "-y", "-qq", *packages, env=env, check=False)
    return True


def ensure_chromium() -> str:
    chromium = os.environ.get("BPETS_CHROMIUM", CHROMIUM)
    if Path(chromium).exists():
        return chromium
    if apt_install("for the browser tests", "chromium") and Path(chromium).exists():
        return chromium
    raise Missing(
        f"Chromium is not at {chromium}, and the browser tests need it. On "
        "Debian: apt-get install chromium (as root); elsewhere install "
        "Chromium and set BPETS_CHROMIUM to its path."
    )


def ensure_scanner() -> None:
    """The security scan runs Debian's wapiti against the product on loopback,
    behind a TLS proxy whose certificate openssl makes."""
    tools = {"wapiti": "wapiti", "openssl": "openssl"}
    missing = [package for tool, package in tools.items() if not shutil.which(tool)]
    if missing and apt_install("for the security scan", *missing):
        missing = [package for tool, package in tools.items() if not shutil.which(tool)]
    if missing:
        raise Missing(
            f"The security scan needs {' and '.join(missing)}. On Debian: "
            f"apt-get install {' '.join(missing)} (as root)."
        )


def missing_pango() -> list[str]:
    """The Debian packages of the Pango libraries not found on this machine."""
    from ctypes.util import find_library

    return [
        package
        for library, package in PANGO_LIBRARIES.items()
        if find_library(library) is None
    ]


def ensure_pango() -> None:
    """WeasyPrint, which makes the PDF reports, loads Pango from the system."""
    missing = missing_pango()
    if missing and apt_install("for the PDF reports", *missing):
        missing = missing_pango()
    if missing:
        raise Missing(
            "WeasyPrint, which makes the PDF reports, needs the Pango "
            f"libraries, and these are missing: {', '.join(missing)}. On "
            f"Debian or Ubuntu: apt-get install {' '.join(missing)} (as root); "
            "on macOS: brew install pango; elsewhere, Pango 1.44 or later "
            "from the system's packages."
        )


def test(pytest_arguments: list[str]) -> None:
    env = {**os.environ}
    env["BPETS_ENV"] = "test"
    env.setdefault("DATABASE_URL", DEFAULT_TEST_DATABASE_URL)
    env.setdefault("CELERY_BROKER_URL", DEFAULT_TEST_BROKER_URL)
    env["BPETS_CHROMIUM"] = ensure_chromium()
    ensure_scanner()
    ensure_pango()
    ensure_postgres(env["DATABASE_URL"])
    ensure_redis(env["CELERY_BROKER_URL"])
    sync_environment(with_dev=True)

    ruff = ROOT / ".venv" / "bin" / "ruff"
    say("ruff check")
    run(ruff, "check", ".", env=env)
    say("ruff format --check")
    run(ruff, "format", "--check", ".", env=env)
    say("makemigrations --check")
    # Models alone decide this; an in-memory database spares a connection.
    manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env={**env, "DATABASE_URL": "sqlite://:memory:"},
    )
    say("check --deploy with production settings")
    production = {
        **env,
        "BPETS_ENV": "production",
        "SECRET_KEY": "deploy-check-" + "x7Kq9!pZ2mW4vR8tY1uB6nC3eD5fG0hJ" * 2,
        "ALLOWED_HOSTS": "bpets.example.gov",
        "DIRECTORY_SIGNING_KEY": "deploy-check-" + "Zr4!tQ8wE2yU6iO0" * 2,
    }
    manage("check", "--deploy", "--fail-level", "WARNING", env=production)

    say("pytest")
    code = run(VENV_PYTHON, "-m", "pytest", *pytest_arguments, env=env, check=False)
    if code == 5:
        say("pytest collected no tests: that is a failure, not a pass")
        raise SystemExit(1)
    raise SystemExit(code)


def main(arguments: list[str]) -> None:
    if not arguments or arguments[0] not in ("up", "test"):
        print(__doc__)
        raise SystemExit(2)
    try:
        if arguments[0] == "up":
            up()
        else:
            test(arguments[1:])
    except Missing as missing:
        say(f"cannot continue: {missing}")
        raise SystemExit(3) from None


if __name__ == "__main__":
    main(sys.argv[1:])
