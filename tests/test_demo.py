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
    "dispatcher",
]


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
    assert (
        "Demo station: Nogales Station (Tucson Sector), 24 fictional staff." in output
    )


@pytest.mark.django_db
def test_the_rest_of_the_staff_cannot_log_in(organization):
    load_demo()

    staff = User.objects.exclude(username__in=DEMO_USERNAMES)
    # 18 station staff, the headquarters access administrator and the
    # account the scheduled jobs act as.
    assert staff.count() == 20
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
