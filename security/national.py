"""The security module's part of the national data set: a login for each
person of the plan, the builder's own login, and a million audit events.

The events are written with COPY in chunks, never held whole in memory;
they are left unsealed, as a day's events are before the sealing job.
"""

import json
from datetime import timedelta

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, transaction
from django.utils import timezone

from bpets.bulk_history import create_with_history
from bpets.national import AUDIT_EVENTS, PASSWORD, Nation, plan
from security.audit import COPY_COLUMNS
from security.models import AuditEvent, OrganizationUnit, User

BUILDER = "nation-builder"
CHUNK = 50_000
# What a day's work writes, in about these proportions.
KINDS = (
    (AuditEvent.Kind.LOGIN, 3),
    (AuditEvent.Kind.LOGOUT, 2),
    (AuditEvent.Kind.PERSONAL_DATA_VIEWED, 4),
    (AuditEvent.Kind.PERSONAL_DATA_SEARCHED, 1),
)
SOURCES = {
    AuditEvent.Kind.PERSONAL_DATA_VIEWED: "staffing:profile",
    AuditEvent.Kind.PERSONAL_DATA_SEARCHED: "staffing:directory",
}


def build(nation: Nation) -> None:
    sectors = organization_sectors()
    nation.people = plan(nation.seed, nation.scale, sectors)
    nation.sector_of = {
        station: code for code, _, stations in sectors for station in stations
    }
    nation.station_ids = [station for _, _, stations in sectors for station in stations]
    with transaction.atomic():
        nation.actor = _builder()
        _logins(nation)
    nation.counts["audit_events"] = _audit_events(nation)


def problem() -> str:
    if not OrganizationUnit.objects.filter(kind="STATION").exists():
        return (
            "The organization tree is missing: run 'manage.py load_organization' first."
        )
    if User.objects.filter(username=BUILDER).exists():
        return "A national data set is already here: build it into an empty database."
    return ""


def organization_sectors() -> list[tuple[str, str, list[int]]]:
    """Each sector's code, name and station ids, in the tree's order."""
    sectors = OrganizationUnit.objects.filter(kind="SECTOR").order_by("pk")
    stations = OrganizationUnit.objects.filter(kind="STATION").order_by("pk")
    by_sector = {}
    for station in stations.values("pk", "parent_id"):
        by_sector.setdefault(station["parent_id"], []).append(station["pk"])
    return [
        (sector.code, sector.name, by_sector.get(sector.pk, [])) for sector in sectors
    ]


def _builder() -> User:
    """The login the data set's history names: it cannot log in."""
    user, created = User.objects.get_or_create(
        username=BUILDER,
        defaults={"is_active": False, "first_name": "BPETS", "last_name": "builder"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _logins(nation: Nation) -> None:
    today = timezone.localdate()
    # The production hasher whatever the settings, so that the logins work
    # on a server in production mode too (the test settings hash faster).
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(PASSWORD, hasher.salt())
    create_with_history(
        User,
        [
            User(
                username=person.username,
                password=password,
                first_name=person.first_name,
                last_name=person.last_name,
                home_unit_id=person.station_id,
                background_investigation_status=User.Investigation.FAVORABLE,
                background_investigation_date=today - timedelta(days=400),
                security_training_date=today - timedelta(days=30),
            )
            for person in nation.people
        ],
        user=nation.actor,
        reason="National data set",
    )
    users = dict(
        User.objects.filter(username__startswith="nation-").values_list(
            "username", "pk"
        )
    )
    nation.user_ids = {
        person.number: users[person.username] for person in nation.people
    }
    nation.counts["logins"] = len(users)


def _audit_events(nation: Nation) -> int:
    """``AUDIT_EVENTS`` (scaled) over the last two years, by everyone."""
    total = nation.scaled(AUDIT_EVENTS)
    chooser = nation.chooser("audit")
    logins = [(nation.user_ids[p.number], p.username) for p in nation.people]
    ids = [pk for pk, _ in logins]
    kinds = [kind for kind, weight in KINDS for _ in range(weight)]
    now = timezone.now()
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in COPY_COLUMNS)
    statement = f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 (our own names)
    written = 0
    while written < total:
        size = min(CHUNK, total - written)
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.copy(statement) as copy,
        ):
            for _ in range(size):
                actor = chooser.choice(logins)
                kind = chooser.choice(kinds)
                copy.write_row(_event(chooser, actor, kind, ids, now))
        written += size
    return written


def _event(chooser, actor: tuple, kind: str, ids: list[int], now) -> tuple:
    actor_id, username = actor
    subject = chooser.choice(ids) if kind in SOURCES else None
    details = {"groups": ["personal", "emergency"]} if subject else {}
    return (
        now - timedelta(seconds=chooser.randrange(2 * 365 * 86400)),
        actor_id,
        username,
        AuditEvent.chain_for(actor_id),
        kind,
        "127.0.0.1",
        SOURCES.get(kind, "login"),
        "staffing.employee" if subject else "",
        str(subject) if subject else "",
        subject,
        json.dumps(details),
    )
