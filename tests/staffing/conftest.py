import pytest

from security.models import RoleGrant
from staffing.models import Employee


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


def grant(user, role, unit):
    RoleGrant.objects.create(
        user=user,
        module="staffing",
        role=role,
        organization_unit=unit,
        starts_on="2026-01-01",
        granted_by=user,
        reason="test set-up",
    )


@pytest.fixture
def audiences(people, make_user, units):
    personnel_here = make_user("personnelhere")
    grant(personnel_here, "personnel", units["tucson"])
    personnel_elsewhere = make_user("personnelthere", home="ysleta")
    grant(personnel_elsewhere, "personnel", units["el_paso"])
    administrator = make_user("staffadmin")
    grant(administrator, "staffing_administrator", units["nogales"])
    return {
        **{key: value for key, value in people.items() if key != "subject"},
        "personnel_here": personnel_here,
        "personnel_elsewhere": personnel_elsewhere,
        "staffing_administrator": administrator,
    }
