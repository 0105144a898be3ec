import pytest

from reporting import loaders, snapshot
from security.models import OrganizationUnit

# The G-481 of PP 1/2026 at Nogales, for the reports that count its shifts.
from tests.scheduling.conftest import (  # noqa: F401
    finalized,
    first_pay_period_2026,
    fleet_admin,
    set_default,
    supervisor,
    templates,
    vehicle_at,
    zones,
)

HEADER = "fiscal_year,month,sector_code,station,zone,canine,measure,value,unit\n"


@pytest.fixture
def published(organization):
    """The published tables the product ships, loaded as dev.py up does."""
    return loaders.load_all()


@pytest.fixture
def snapshot_file():
    """A snapshot file of the given lines under the documented header."""

    def make(*lines: str, header: str = HEADER) -> bytes:
        return (header + "".join(f"{line}\n" for line in lines)).encode()

    return make


@pytest.fixture
def import_file():
    def run(content: bytes, name: str = "test.csv", user=None):
        return snapshot.import_now(content, name, started_by=user)

    return run


@pytest.fixture
def hq_analyst(make_user, give):
    user = make_user("hqanalyst", home="headquarters")
    give(user, "reporting", "analyst", "headquarters")
    return user


@pytest.fixture
def tucson_analyst(make_user, give):
    user = make_user("tucsonanalyst")
    give(user, "reporting", "analyst", "tucson")
    return user


@pytest.fixture
def tucson_importer(make_user, give):
    user = make_user("tucsonimporter")
    give(user, "reporting", "snapshot_importer", "tucson")
    return user


def sector(code: str) -> OrganizationUnit:
    return OrganizationUnit.objects.get(kind="SECTOR", code=code)
