"""``dev.py up`` on a PostgreSQL that has no database by DATABASE_URL's name
yet: it makes it, once, instead of failing on the first migration."""

import importlib.util
import os
import secrets
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def load_dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def server_url(name: str) -> str:
    database = settings.DATABASES["default"]
    user = database["USER"] or "postgres"
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def exists(name: str) -> bool:
    with psycopg.connect(server_url("postgres"), autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return found is not None


def test_up_creates_the_missing_database_once():
    dev = load_dev()
    name = f"bpets_up_{secrets.token_hex(4)}"
    try:
        dev.ensure_database(server_url(name), {**os.environ})
        made = exists(name)
        dev.ensure_database(server_url(name), {**os.environ})
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

    assert made
