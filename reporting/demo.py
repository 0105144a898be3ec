"""The reporting module's part of the demo: a sector analyst over Tucson
Sector beside the headquarters analyst, who also imports the snapshot; a
release approver at headquarters, with one release request of the
headquarters analyst waiting for a decision.

The statistics themselves are the published tables, which ``dev.py up``
loads with ``manage.py load_statistics`` before the demo."""

from bpets.demo_population import DemoContext, DemoLogin
from reporting import parameters, selectors
from reporting.models import ReleaseRequest, SnapshotVersion
from security.demo import ensure_grant, ensure_user
from security.models import OrganizationUnit, User

SECTOR_ANALYST = (
    "sector-analyst",
    "Drew",
    "Lechuguilla",
    "Reporting analyst over Tucson Sector",
)


RELEASE_APPROVER = (
    "release-approver",
    "Reese",
    "Zacaton",
    "Release approver at headquarters",
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
    _release_approver(demo, headquarters)
    _pending_release(User.objects.get(username="analyst"))
    demo.notes.append(
        f"Reporting: {SnapshotVersion.objects.count()} snapshot versions "
        "(manage.py load_statistics loads the published tables)."
    )


def _release_approver(demo, headquarters):
    username, first_name, last_name, role_text = RELEASE_APPROVER
    approver = ensure_user(username, first_name, last_name, demo.password, headquarters)
    _grant(approver, "release_approver", headquarters, "hq-access-admin")
    demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role_text))
    return approver


def _pending_release(analyst) -> None:
    """The nation's AOR summary for the latest fiscal year, asked for a
    congressional committee, unless a request is already there."""
    if ReleaseRequest.objects.filter(requested_by=analyst).exists():
        return
    year = selectors.latest_fiscal_year() or 2018
    asked = parameters.from_record(
        {"area": "USBP", "station": "", "first_year": year, "last_year": year}
    )
    ReleaseRequest.objects.create(
        report="aor_summary",
        parameters=parameters.recorded(asked),
        area_label=asked.area.label,
        purpose=ReleaseRequest.Purpose.CONGRESS,
        recipient="House committee on homeland security, annual hearing",
        requested_by=analyst,
    )
