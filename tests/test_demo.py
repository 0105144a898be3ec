import io

import pytest
from django.core.management import CommandError, call_command

from bpets.demo_population import DEMO_PASSWORD
from security.models import User

DEMO_USERNAMES = [
    "agent",
    "supervisor",
    "timekeeper",
    "personnel",
    "access-admin",
    "analyst",
    "ops-approver",
    "ops-author",
    "bsits-editor",
    "sector-analyst",
    "release-approver",
    "dispatcher",
]
# The analysts work at headquarters and at Tucson Sector's office, the
# release approver at headquarters.
NOT_AT_NOGALES = {"analyst", "sector-analyst", "release-approver"}


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_the_demo_logins_and_prints_them(organization):
    output = load_demo()

    for username in DEMO_USERNAMES:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
        assert f"  {username} " in output
    assert f"password: {DEMO_PASSWORD}" in output
    # Every other login is at Nogales, with the 18 station staff who have
    # no password: the README's demo table.
    nogales_logins = len(set(DEMO_USERNAMES) - NOT_AT_NOGALES)
    assert (
        f"Demo station: Nogales Station (Tucson Sector), {nogales_logins + 18} "
        f"fictional staff ({nogales_logins} with a demo login)." in output
    )


@pytest.mark.django_db
def test_the_rest_of_the_staff_cannot_log_in(organization):
    load_demo()

    staff = User.objects.exclude(username__in=DEMO_USERNAMES)
    # 18 station staff, the headquarters access administrator, Tucson
    # Station's scheduling supervisor (the other side of the demo's
    # details) and the account the scheduled jobs act as.
    assert staff.count() == 21
    assert staff.filter(username="bpets-scheduler", is_active=False).exists()
    assert not any(user.has_usable_password() for user in staff)


@pytest.mark.django_db
def test_running_it_again_duplicates_nothing(organization):
    load_demo()
    users = list(User.objects.values_list("username", "password").order_by("username"))

    load_demo()

    assert (
        list(User.objects.values_list("username", "password").order_by("username"))
        == users
    )


@pytest.mark.django_db
def test_it_needs_the_organization_first(no_organization):
    with pytest.raises(CommandError, match="run 'manage.py load_organization' first"):
        load_demo()
