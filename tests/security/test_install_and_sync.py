from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from guardian.shortcuts import get_perms

from security import policies
from security.models import User
from security.tasks import sync_all_grant_permissions


@pytest.mark.django_db
class TestFirstAdministrator:
    def run(self, password="first-admin-password-77", username="chief"):
        out = StringIO()
        with mock.patch("getpass.getpass", return_value=password):
            call_command(
                "create_first_administrator",
                username=username,
                first_name="Chris",
                last_name="Firstadmin",
                email="chief@demo.bpets.invalid",
                investigation_date=date(2025, 3, 1),
                stdout=out,
            )
        return out.getvalue()

    def test_it_seats_an_access_administrator_over_headquarters(self, units):
        output = self.run()

        chief = User.objects.get(username="chief")
        assert chief.check_password("first-admin-password-77")
        assert policies.is_access_administrator(chief, units["ysleta"])
        assert (
            "chief is access administrator over U.S. Border Patrol Headquarters."
            in (output)
        )

    def test_a_weak_password_is_refused_and_nothing_is_made(self, units):
        with pytest.raises(CommandError, match="too short"):
            self.run(password="short")

        assert not User.objects.filter(username="chief").exists()

    def test_it_needs_the_organization(self, no_organization):
        with pytest.raises(CommandError, match="Load the organization first"):
            self.run()


@pytest.mark.django_db
def test_the_daily_sync_follows_grant_dates(make_user, give, units):
    today = timezone.localdate()
    agent = make_user("agent1")
    ending = give(agent, "vehicles", "viewer", "nogales")
    assert get_perms(agent, units["nogales"]) == ["vehicles__viewer"]
    # The grant ends yesterday: as if its last day passed overnight.
    ending.ends_on = today - timedelta(days=1)
    ending.starts_on = today - timedelta(days=10)
    ending.save()

    synced = sync_all_grant_permissions()

    assert synced == 1
    assert get_perms(agent, units["nogales"]) == []
