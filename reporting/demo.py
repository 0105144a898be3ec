"""The reporting module's part of the demo: a sector analyst over Tucson
Sector beside the headquarters analyst, who also imports the snapshot.

The statistics themselves are the published tables, which ``dev.py up``
loads with ``manage.py load_statistics`` before the demo."""

from bpets.demo_population import DemoContext, DemoLogin
from reporting.models import SnapshotVersion
from security import services as security_services
from security.demo import ensure_user
from security.models import OrganizationUnit, RoleGrant, User

SECTOR_ANALYST = (
    "sector-analyst",
    "Drew",
    "Lechuguilla",
    "Reporting analyst over Tucson Sector",
)


def _grant(user, role, unit, grantor) -> None:
    if RoleGrant.objects.filter(
        user=user, module="reporting", role=role, revoked_at__isnull=True
    ).exists():
        return
    security_services.grant_role(
        grantor=User.objects.get(username=grantor),
        user=user,
        module="reporting",
        role=role,
        unit=unit,
        reason="Demo population.",
    )


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
