"""A task goes through the real Redis to a real worker and its result comes back."""

import pytest
from celery.contrib.testing.worker import start_worker

from bpets.celery import app as celery_app
from security import services
from security.tasks import count_organization_units


@pytest.fixture
def real_broker():
    if not celery_app.conf.broker_url or celery_app.conf.task_always_eager:
        pytest.fail(
            "CELERY_BROKER_URL is not set, so tasks run in-process; run the "
            "suite with 'python3 dev.py test', which points it at Redis."
        )
    assert celery_app.conf.broker_url.startswith("redis://")


def test_a_task_runs_on_a_worker_and_its_result_is_read_back(
    transactional_db, real_broker
):
    services.load_organization()

    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        result = count_organization_units.delay()
        counts = result.get(timeout=30)

    assert counts == {"sectors": 21, "active_sectors": 20, "stations": 135}
    assert result.successful()
