"""The demo's details: one of the Nogales agents on detail at Tucson
Station over the coming days (accepted, on both stations' G-259s), and a
second one Tucson Station proposes, waiting for the demo supervisor.

Tucson Station's side is a scheduling supervisor there without a login
(Ellis Smoketree, an invented name), as the rest of the station staff.
"""

from datetime import time, timedelta

from django.utils import timezone

from scheduling import details, initialization, pay_periods, services
from scheduling.models import (
    Detail,
    InitializationRun,
    ScheduleDefault,
    ShiftTemplate,
)
from security import services as security_services
from security.demo import DEMO_LOGINS, ensure_user
from security.models import OrganizationUnit, RoleGrant, User

GAINING_SCHEDULER = ("tucson.scheduler", "Ellis", "Smoketree")


def populate(station) -> str:
    """Make the details once; the note for the demo's summary."""
    gaining = OrganizationUnit.objects.get(parent=station.parent, name="Tucson")
    scheduler = _gaining_scheduler(gaining)
    shift, _ = ShiftTemplate.objects.get_or_create(
        station=gaining,
        name="Days",
        defaults={"kind": "DAYS", "start_time": time(7), "length_minutes": 600},
    )
    if not Detail.objects.filter(home_station=station).exists():
        _make_details(station, gaining, scheduler, shift)
    return (
        f"Details: {Detail.objects.filter(home_station=station).count()} from "
        f"{station.name} to {gaining.name} Station, one accepted and one "
        "waiting for the supervisor."
    )


def _gaining_scheduler(gaining) -> User:
    username, first_name, last_name = GAINING_SCHEDULER
    scheduler = ensure_user(username, first_name, last_name, None, gaining)
    if not RoleGrant.objects.filter(
        user=scheduler, module="scheduling", role="supervisor", revoked_at__isnull=True
    ).exists():
        security_services.grant_role(
            grantor=User.objects.get(username="access-admin"),
            user=scheduler,
            module="scheduling",
            role="supervisor",
            unit=gaining,
            reason="Demo population.",
        )
    return scheduler


def _make_details(station, gaining, scheduler, shift) -> None:
    supervisor = User.objects.get(username="supervisor")
    # Two of the team, not the demo logins, with their schedule defaults.
    away, asked = [
        default.employee
        for default in ScheduleDefault.objects.filter(employee__duty_station=station)
        .exclude(employee__user__username__in=[login[0] for login in DEMO_LOGINS])
        .select_related("employee")
        .order_by("employee__pk")[:2]
    ]
    today = timezone.localdate()

    accepted = details.propose(
        actor=supervisor,
        employee=away,
        gaining_station=gaining,
        first_day=today + timedelta(days=2),
        last_day=today + timedelta(days=8),
        purpose="Relief at the Tucson Station checkpoint during a training week.",
    )
    details.decide(actor=scheduler, detail=accepted, accept=True, shift_template=shift)
    # Tucson Station's G-259s, as the daily job would make them: the person
    # detailed in is on them.
    current = pay_periods.containing(today)
    for period in (current, pay_periods.following(current)):
        pay_period = services.pay_period_row(period.start)
        run = initialization.start(pay_period, [gaining])
        initialization.carry_out(InitializationRun.objects.get(pk=run.pk))

    later = pay_periods.following(current).start + timedelta(days=2)
    details.propose(
        actor=scheduler,
        employee=asked,
        gaining_station=gaining,
        first_day=later,
        last_day=later + timedelta(days=3),
        purpose="Horse patrol support for a search in the Tucson Mountains.",
        shift_template=shift,
    )
