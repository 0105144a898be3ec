import pytest

from security.models import RoleGrant


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
