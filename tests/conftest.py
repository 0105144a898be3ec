import io

import pytest
from django.core.management import call_command

from security import services as security_services


@pytest.fixture
def organization(db):
    """The real organization tree, loaded from the published lists."""
    security_services.load_organization()


@pytest.fixture
def demo(organization):
    """The demo population; its logins all use DEMO_PASSWORD."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def agent_client(client, demo):
    from security.models import User

    client.force_login(User.objects.get(username="agent"))
    return client
