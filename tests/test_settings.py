"""Settings come from the environment and refuse an unsafe production start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "BPETS_ENV": "production",
    "SECRET_KEY": "a-production-secret-key-of-fifty-or-more-characters-0123",
    "ALLOWED_HOSTS": "bpets.example.gov",
    "DATABASE_URL": "postgres://bpets@db.example.gov:5432/bpets",
    "DIRECTORY_SIGNING_KEY": "a-directory-signing-key-of-32-or-more-chars",
}


def start(**environment):
    """Import the settings in a fresh interpreter, as a server would."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "BPETS_ENV",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DIRECTORY_SIGNING_KEY",
        )
        and not key.startswith("CELERY_")
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; from django.conf import settings; django.setup();"
            "print(json.dumps({'debug': settings.DEBUG,"
            " 'engine': settings.DATABASES['default']['ENGINE'],"
            " 'eager': settings.CELERY_TASK_ALWAYS_EAGER,"
            " 'secure_cookie': settings.SESSION_COOKIE_SECURE}))",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "bpets.settings", **environment},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    environment = {**PRODUCTION}
    del environment["SECRET_KEY"]

    result = start(**environment)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_is_the_default_mode():
    result = start()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_debug():
    result = start(**PRODUCTION, DEBUG="true")

    assert result.returncode != 0
    assert "DEBUG cannot be on in production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    environment = {**PRODUCTION}
    del environment["ALLOWED_HOSTS"]

    result = start(**environment)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_starts_locked_down():
    result = start(**PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '{"debug": false, "engine": "django.db.backends.postgresql",'
        ' "eager": true, "secure_cookie": true}'
    )


def test_development_runs_on_sqlite_with_tasks_in_process():
    result = start(BPETS_ENV="development")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '{"debug": true, "engine": "django.db.backends.sqlite3",'
        ' "eager": true, "secure_cookie": false}'
    )


def test_a_mistyped_flag_is_refused():
    result = start(**PRODUCTION, SECURE_SSL_REDIRECT="perhaps")

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be true or false" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = start(**{**PRODUCTION, "SECRET_KEY": "short"})

    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_without_a_broker_a_task_runs_in_process_and_looks_for_no_server():
    sent = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logging, django; logging.basicConfig(level=logging.INFO);"
            "django.setup(); from bpets.celery import app\n"
            "@app.task\ndef add(first, second): return first + second\n"
            "print(add.delay(2, 3).get(), app.conf.broker_url)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("CELERY_")},
            "DJANGO_SETTINGS_MODULE": "bpets.settings",
            "BPETS_ENV": "development",
        },
        capture_output=True,
        text=True,
    )

    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.split() == ["5", "memory://localhost/"]
    # With no address, kombu filled in localhost and warned on every task.
    assert "WARNING" not in sent.stderr
