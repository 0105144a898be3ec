"""The security module's part of the demo: the logins and their station."""

from django.core.management.base import CommandError

from bpets.demo_population import DemoContext, DemoLogin
from security.models import OrganizationUnit, User

DEMO_SECTOR_CODE = "TCA"
DEMO_STATION_NAME = "Nogales"

# Ordinary first names with invented desert-plant surnames: plausible on a
# roster, and plainly nobody real.
DEMO_LOGINS = [
    ("agent", "Alex", "Ocotillo", "Border Patrol agent (self-service)"),
    ("supervisor", "Jordan", "Mesquite", "Supervisory Border Patrol agent"),
    ("timekeeper", "Casey", "Paloverde", "Station timekeeper"),
    ("personnel", "Morgan", "Yucca", "Personnel (HR) specialist"),
    ("access-admin", "Riley", "Cholla", "Access administrator"),
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
DEMO_EMAIL_DOMAIN = "demo.bpets.invalid"


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


def ensure_user(username: str, first_name: str, last_name: str, password: str | None):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
        },
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def populate(demo: DemoContext) -> None:
    demo.station = demo_station()
    for username, first_name, last_name, role in DEMO_LOGINS:
        ensure_user(username, first_name, last_name, demo.password)
        demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role))
    for first_name, last_name in DEMO_STAFF:
        username = f"{first_name}.{last_name}".lower()
        ensure_user(username, first_name, last_name, password=None)
    demo.notes.append(
        f"Demo station: {demo.station}, {len(DEMO_LOGINS) + len(DEMO_STAFF)} "
        "fictional staff."
    )
