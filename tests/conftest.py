import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from security import services as security_services
from security.models import OrganizationUnit, RoleGrant, User
from staffing.models import Employee


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Loading the tree takes about a second; done once here, each test's
    # transaction rolls its own changes back. A transactional test empties
    # the tables when it ends, and the next test that asks loads it again.
    with django_db_blocker.unblock():
        security_services.load_organization()


@pytest.fixture
def no_organization(db):
    """The tree taken away for a test that needs to start without it; the
    test's transaction puts it back."""
    for kind in ("STATION", "SECTOR", "HQ"):
        OrganizationUnit.objects.filter(kind=kind).delete()
    OrganizationUnit.history.all().delete()


@pytest.fixture
def organization(db):
    """The real organization tree, loaded from the published lists."""
    if not OrganizationUnit.objects.exists():
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


@pytest.fixture
def units(organization):
    station = OrganizationUnit.objects.get(parent__code="TCA", name="Nogales")
    return {
        "headquarters": OrganizationUnit.objects.get(kind="HQ"),
        "tucson": station.parent,
        "nogales": station,
        "ajo": OrganizationUnit.objects.get(parent__code="TCA", name="Ajo"),
        "el_paso": OrganizationUnit.objects.get(kind="SECTOR", code="EPT"),
        "ysleta": OrganizationUnit.objects.get(parent__code="EPT", name="Ysleta"),
    }


@pytest.fixture
def make_user(units):
    def make(username, *, investigated=True, home="nogales", trained=True, **fields):
        today = timezone.localdate()
        return User.objects.create_user(
            username=username,
            password="a-long-test-password-1",
            first_name=username.title(),
            last_name="Tester",
            home_unit=units[home] if home else None,
            background_investigation_status=(
                User.Investigation.FAVORABLE
                if investigated
                else User.Investigation.NONE
            ),
            background_investigation_date=(
                today - timedelta(days=30) if investigated else None
            ),
            security_training_date=today - timedelta(days=10) if trained else None,
            **fields,
        )

    return make


@pytest.fixture
def give(units):
    """Set up a grant directly, as if an administrator had made it earlier."""

    def give(user, module, role, where, starts_on=None, ends_on=None):
        grant = RoleGrant.objects.create(
            user=user,
            module=module,
            role=role,
            organization_unit=units[where],
            starts_on=starts_on or date(2026, 1, 1),
            ends_on=ends_on,
            granted_by=user,
            reason="test set-up",
        )
        security_services.sync_grant_permissions(user)
        return grant

    return give


@pytest.fixture
def sector_admin(make_user, give):
    """An access administrator over Tucson Sector, a supervisor there too."""
    admin = make_user("sectoradmin")
    give(admin, "staffing", "supervisor", "tucson")
    give(admin, "security", "access_administrator", "tucson")
    return admin


@pytest.fixture
def people(make_user, units):
    """A chain at Nogales (second-line > first-line > agent), a peer, another
    chain's supervisor, personnel over the station and elsewhere, and a
    staffing administrator."""

    def employee(username, supervisor=None, station="nogales", hash_id=None):
        user = make_user(username, home=station)
        return Employee.objects.create(
            user=user,
            first_name=username.title(),
            last_name="Tester",
            job_title="Border Patrol Agent",
            duty_station=units[station],
            supervisor=supervisor,
            work_street="1 Station Road",
            work_city="Nogales",
            work_state="AZ",
            work_zip="85621",
            home_street="12 Quiet Way",
            home_phone="(520) 555-0111",
            mobile_phone="(520) 555-0112",
            medical_alerts="Bee stings.",
            hash_id=hash_id,
            grade=12,
        )

    second_line = employee("secondline")
    first_line = employee("firstline", supervisor=second_line)
    other_chain = employee("otherchain", supervisor=second_line)
    subject = employee("subject", supervisor=first_line, hash_id="a" * 64)
    peer = employee("peer", supervisor=other_chain)
    return {
        "subject": subject,
        "self": subject.user,
        "first_line": first_line.user,
        "second_line": second_line.user,
        "other_chain": other_chain.user,
        "peer": peer.user,
    }
