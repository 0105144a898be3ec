"""The checkpoints module's part of the demo: the real list, loaded, and two
logins who see it, granted through the grant service."""

from bpets.demo_population import DemoContext
from checkpoints import loading, policies
from checkpoints.models import Checkpoint
from security import services
from security.models import RoleGrant, User

# (username, role over the demo sector, granted by)
DEMO_GRANTS = [
    ("supervisor", policies.VIEWER, "access-admin"),
    # A system-administration role: it goes to a supervisor, from the
    # headquarters administrator as the sector's other roles do.
    ("access-admin", policies.ADMINISTRATOR, "hq-access-admin"),
]


def populate(demo: DemoContext) -> None:
    loading.load_checkpoints()
    sector = demo.station.parent

    for username, role, grantor in DEMO_GRANTS:
        user = User.objects.get(username=username)
        if RoleGrant.objects.filter(
            user=user, module=policies.MODULE, role=role, revoked_at__isnull=True
        ).exists():
            continue
        services.grant_role(
            grantor=User.objects.get(username=grantor),
            user=user,
            module=policies.MODULE,
            role=role,
            unit=sector,
            reason="Demo population.",
        )

    demo.notes.append(
        f"Checkpoints: {Checkpoint.objects.count()} loaded, "
        f"{Checkpoint.objects.filter(sector=sector).count()} in {sector}."
    )
