"""docker-compose.yml is for users: no engine runs here, so read it closely."""

import os
import re
from pathlib import Path

import pytest
import yaml

from bpets import env

ROOT = Path(__file__).resolve().parent.parent
APPLICATION_SERVICES = ("migrate", "web", "worker", "beat")
RUNTIME_SERVICES = ("web", "worker", "beat")
OWNER_URL = "postgres://bpets:${POSTGRES_PASSWORD:?"
APPLICATION_ROLE_URL = "postgres://bpets_app:${POSTGRES_APP_PASSWORD:?"
INIT_SCRIPT = ROOT / "deploy" / "postgres" / "10-application-role.sh"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_of(service) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def test_it_has_the_deployment_services(compose):
    assert set(compose["services"]) == {
        "db",
        "redis",
        "migrate",
        "web",
        "worker",
        "beat",
    }


def test_each_service_runs_the_right_program(compose):
    services = compose["services"]

    assert services["db"]["image"].startswith("postgres:")
    assert command_of(services["web"]).startswith("gunicorn bpets.wsgi ")
    assert command_of(services["worker"]).startswith("celery -A bpets worker")
    assert command_of(services["beat"]).startswith("celery -A bpets beat")
    # Migrations first; the grant only when they succeeded.
    assert services["migrate"]["command"] == [
        "sh",
        "-c",
        "python manage.py migrate --no-input"
        " && python manage.py grant_application_role bpets_app",
    ]


def test_redis_keeps_and_never_evicts_queued_jobs(compose):
    redis_command = compose["services"]["redis"]["command"]

    assert redis_command[redis_command.index("--appendonly") + 1] == "yes"
    policy = redis_command[redis_command.index("--maxmemory-policy") + 1]
    assert policy == "noeviction"


@pytest.mark.parametrize("name", APPLICATION_SERVICES)
def test_application_services_run_in_production_mode(compose, name):
    environment = compose["services"][name]["environment"]

    assert environment["BPETS_ENV"] == "production"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert environment["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?")
    assert environment["DATABASE_URL"].endswith("@db:5432/bpets")
    assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert "DEBUG" not in environment


def test_migrations_run_as_the_owner(compose):
    url = compose["services"]["migrate"]["environment"]["DATABASE_URL"]

    assert url.startswith(OWNER_URL)


@pytest.mark.parametrize("name", RUNTIME_SERVICES)
def test_the_running_application_connects_as_its_own_role(compose, name):
    url = compose["services"][name]["environment"]["DATABASE_URL"]

    assert url.startswith(APPLICATION_ROLE_URL)


def test_the_database_creates_the_application_role_on_first_start(compose):
    database = compose["services"]["db"]
    script = INIT_SCRIPT.read_text()

    assert "./deploy/postgres:/docker-entrypoint-initdb.d:ro" in database["volumes"]
    assert database["environment"]["POSTGRES_APP_PASSWORD"].startswith(
        "${POSTGRES_APP_PASSWORD:?"
    )
    # The image runs an executable script; a plain one it would source.
    assert os.access(INIT_SCRIPT, os.X_OK)
    assert 'BPETS_APPLICATION_ROLE="${POSTGRES_APP_USER:-bpets_app}"' in script
    assert "NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT" in script


def test_the_example_environment_names_every_value_compose_requires():
    required = set(
        re.findall(r"\$\{(\w+):\?", (ROOT / "docker-compose.yml").read_text())
    )
    example = (ROOT / ".env.example").read_text()
    given = set(re.findall(r"^(\w+)=", example, flags=re.MULTILINE))

    assert required == {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DIRECTORY_SIGNING_KEY",
        "POSTGRES_PASSWORD",
        "POSTGRES_APP_PASSWORD",
    }
    assert required <= given


@pytest.mark.parametrize("name", APPLICATION_SERVICES)
def test_it_passes_only_settings_the_product_reads(compose, name):
    environment = compose["services"][name]["environment"]

    assert set(environment) <= env.NAMES_READ


def test_the_application_waits_for_migrations_and_healthy_services(compose):
    services = compose["services"]

    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }
    assert services["migrate"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]


def test_the_web_health_check_asks_the_health_page(compose):
    check = " ".join(compose["services"]["web"]["healthcheck"]["test"])

    assert "http://127.0.0.1:8000/health/" in check
    assert "X-Forwarded-Proto" in check


def test_the_image_it_builds_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "uv sync --frozen --no-dev" in dockerfile
    assert 'CMD ["gunicorn", "bpets.wsgi"' in dockerfile
    assert "USER bpets" in dockerfile
