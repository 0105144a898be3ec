"""The demo loads the list and lets two demo logins see Tucson's checkpoints."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from checkpoints.models import Checkpoint
from security import policies
from security.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_supervisor_sees_tucson_sectors_checkpoints(demo):
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))

    response = client.get(reverse("checkpoints:list"))

    assert Checkpoint.objects.count() == 39
    assert response.context["page"].paginator.count == 7


def test_the_demo_access_administrator_keeps_tucsons_checkpoints(demo):
    administrator = User.objects.get(username="access-admin")
    i19 = Checkpoint.objects.get(name="I-19")
    east_el_paso = Checkpoint.objects.get(name="East El Paso")

    assert policies.holds_role(
        administrator, "checkpoints", "checkpoint_administrator", i19.sector
    )
    assert not policies.holds_role(
        administrator, "checkpoints", "checkpoint_administrator", east_el_paso.sector
    )


def test_loading_the_demo_again_changes_no_checkpoint(demo):
    before = Checkpoint.history.count()
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert Checkpoint.history.count() == before
    assert "Checkpoints: 39 loaded, 7 in Tucson Sector." in out.getvalue()
