import pytest
from django.conf import settings

from tests.hardening import production_server


@pytest.fixture(scope="session")
def production(tmp_path_factory, django_db_setup):
    """The product in production mode on a loopback port, over TLS."""
    name = f"{settings.DATABASES['default']['NAME']}_scan"
    yield from production_server.start(tmp_path_factory.mktemp("production"), name)
