"""The reporting module's part of the demo: a sector analyst over Tucson
Sector beside the headquarters analyst, who also imports the snapshot.

The statistics themselves are the published tables, which ``dev.py up``
loads with ``manage.py load_statistics`` before the demo."""

from bpets.demo_population import DemoContext, DemoLogin
from reporting.models import SnapshotVersion
from security.demo import ensure_grant, ensure_user
from security.models import OrganizationUnit, User

SECTOR_ANALYST = (
    "sector-analyst",
    "Drew",
    "Lechuguilla",
    "Reporting analyst over Tucson Sector",
)


def _grant(user, role, unit, grantor) -> None:
    ensure_grant(user, "reporting", role, unit, grantor)


def populate(demo: DemoContext) -> None:
    sector = demo.station.parent
    username, first_name, last_name, role_text = SECTOR_ANALYST
    analyst = ensure_user(username, first_name, last_name, demo.password, sector)
    _grant(analyst, "analyst", sector, "access-admin")
    demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role_text))

    headquarters = OrganizationUnit.objects.get(kind=OrganizationUnit.Kind.HEADQUARTERS)
    _grant(
        User.objects.get(username="analyst"),
        "snapshot_importer",
        headquarters,
        "hq-access-admin",
    )
    demo.notes.append(
        f"Reporting: {SnapshotVersion.objects.count()} snapshot versions "
        "(manage.py load_statistics loads the published tables)."
    )
