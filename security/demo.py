"""The security module's part of the demo: the logins, their station and roles.

Every role is granted through the grant service, as an access administrator
would, except the headquarters administrator who is seated as at install.
"""

from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from bpets.demo_population import DemoContext, DemoLogin
from security import services
from security.models import OrganizationUnit, RoleGrant, ServiceAccount, User
from security.services import service_accounts

DEMO_SECTOR_CODE = "TCA"
DEMO_STATION_NAME = "Nogales"

# Ordinary first names with invented desert-plant surnames: plausible on a
# roster, and plainly nobody real.
DEMO_LOGINS = [
    ("agent", "Alex", "Ocotillo", "Border Patrol agent (self-service)"),
    (
        "supervisor",
        "Jordan",
        "Mesquite",
        "Supervisory Border Patrol agent, station security auditor, records "
        "administrator",
    ),
    ("timekeeper", "Casey", "Paloverde", "Station timekeeper"),
    ("personnel", "Morgan", "Yucca", "Personnel (HR) specialist, Tucson Sector"),
    (
        "access-admin",
        "Riley",
        "Cholla",
        "Access administrator, Tucson Sector; records administrator",
    ),
    ("analyst", "Taylor", "Agave", "Headquarters analyst"),
]
DEMO_STAFF = [
    ("Dana", "Saguaro"),
    ("Luis", "Creosote"),
    ("Priya", "Brittlebush"),
    ("Sam", "Ironwood"),
    ("Marisol", "Desertwillow"),
    ("Kenji", "Jojoba"),
    ("Avery", "Sotol"),
    ("Noor", "Chuparosa"),
    ("Diego", "Tumbleweed"),
    ("Hannah", "Globemallow"),
    ("Owen", "Sagebrush"),
    ("Lucia", "Mariposa"),
    ("Theo", "Catclaw"),
    ("Imani", "Barrelcactus"),
    ("Rafael", "Canyonwren"),
    ("Grace", "Ratany"),
    ("Victor", "Acacia"),
    ("Elena", "Bursage"),
]
# Seated at headquarters as at install; grants the sector administrator.
HEADQUARTERS_ADMINISTRATOR = ("hq-access-admin", "Pat", "Joshuatree")
DEMO_EMAIL_DOMAIN = "demo.bpets.invalid"

# (username, module, role, "station" | "sector" | "headquarters", granted by)
DEMO_GRANTS = [
    ("hq-access-admin", "staffing", "supervisor", "headquarters", "hq-access-admin"),
    ("access-admin", "staffing", "supervisor", "sector", "hq-access-admin"),
    ("access-admin", "security", "access_administrator", "sector", "hq-access-admin"),
    ("analyst", "reporting", "analyst", "headquarters", "hq-access-admin"),
    ("personnel", "staffing", "personnel", "sector", "access-admin"),
    (
        "access-admin",
        "staffing",
        "staffing_administrator",
        "station",
        "hq-access-admin",
    ),
    ("supervisor", "staffing", "supervisor", "station", "access-admin"),
    ("supervisor", "scheduling", "supervisor", "station", "access-admin"),
    ("supervisor", "timesheet", "supervisor", "station", "access-admin"),
    ("supervisor", "security", "security_auditor", "station", "access-admin"),
    # Two records administrators: a legal hold one places, the other lifts.
    (
        "access-admin",
        "security",
        "records_administrator",
        "headquarters",
        "hq-access-admin",
    ),
    ("supervisor", "security", "records_administrator", "sector", "access-admin"),
    ("timekeeper", "timesheet", "timekeeper", "station", "access-admin"),
    ("timekeeper", "timesheet", "self_service", "station", "access-admin"),
    ("agent", "staffing", "self_service", "station", "access-admin"),
    ("agent", "timesheet", "self_service", "station", "access-admin"),
]


def demo_station() -> OrganizationUnit:
    station = OrganizationUnit.objects.filter(
        kind=OrganizationUnit.Kind.STATION,
        parent__code=DEMO_SECTOR_CODE,
        name=DEMO_STATION_NAME,
    ).first()
    if station is None:
        raise CommandError(
            "The demo station is not in the organization tree; "
            "run 'manage.py load_organization' first."
        )
    return station


def ensure_user(username, first_name, last_name, password, home_unit) -> User:
    today = timezone.localdate()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
            "home_unit": home_unit,
            "background_investigation_status": User.Investigation.FAVORABLE,
            "background_investigation_date": today - timedelta(days=400),
            "security_training_date": today - timedelta(days=60),
        },
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def ensure_grant(user, module: str, role: str, unit, grantor: str) -> None:
    """Grant the role through the grant service, as an administrator would,
    unless the user already holds it (the demo may be loaded again)."""
    if RoleGrant.objects.filter(
        user=user, module=module, role=role, revoked_at__isnull=True
    ).exists():
        return
    services.grant_role(
        grantor=User.objects.get(username=grantor),
        user=user,
        module=module,
        role=role,
        unit=unit,
        reason="Demo population.",
    )


def populate(demo: DemoContext) -> None:
    station = demo_station()
    demo.station = station
    units = {
        "station": station,
        "sector": station.parent,
        "headquarters": station.parent.parent,
    }

    username, first_name, last_name = HEADQUARTERS_ADMINISTRATOR
    headquarters_administrator = ensure_user(
        username, first_name, last_name, None, units["headquarters"]
    )
    services.bootstrap_access_administrator(
        user=headquarters_administrator,
        unit=units["headquarters"],
        reason="Demo: headquarters access administrator, seated at install.",
    )

    for username, first_name, last_name, role in DEMO_LOGINS:
        home = units["headquarters"] if username == "analyst" else station
        ensure_user(username, first_name, last_name, demo.password, home)
        demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role))
    for first_name, last_name in DEMO_STAFF:
        username = f"{first_name}.{last_name}".lower()
        ensure_user(username, first_name, last_name, None, station)

    for username, module, role, where, grantor in DEMO_GRANTS:
        user = User.objects.get(username=username)
        ensure_grant(user, module, role, units[where], grantor)

    ensure_service_accounts(units["sector"])

    def people_at_the_station() -> str:
        # Counted at the end: the modules above add people of their own.
        # A partner system's account made over the station is no one.
        people = User.objects.filter(
            home_unit=station, is_active=True, service_account__isnull=True
        )
        with_password = sum(user.has_usable_password() for user in people)
        return (
            f"Demo station: {station}, {len(people)} fictional staff "
            f"({with_password} with a demo login)."
        )

    demo.closing_notes.append(people_at_the_station)


# The partner systems of the sector, kept by the sector's access
# administrator, who issues their tokens from the service accounts page.
DEMO_SERVICE_ACCOUNTS = (
    ("enforcement", "Enforcement case system"),
    ("warehouse", "Data warehouse"),
)


def ensure_service_accounts(sector: OrganizationUnit) -> None:
    administrator = User.objects.get(username="access-admin")
    for partner, name in DEMO_SERVICE_ACCOUNTS:
        if not ServiceAccount.objects.filter(partner=partner, unit=sector).exists():
            service_accounts.create_account(
                administrator, partner=partner, unit=sector, name=name
            )
