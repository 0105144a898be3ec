"""Every URL of the product, walked as users of other stations and roles.

The walk reads the URL list from the resolver, so a URL added later is
walked too; a parameter it does not know how to fill fails the test (add
it to ``FILLERS``, or the URL's name to ``OBJECT_OF``). Each URL is fetched
by every demo login and by a stranger, with the ids of objects that belong
to people at another station (Ysleta, in El Paso Sector, where no demo
login holds any role), by GET and by POST:

- the people there carry a marker in every field beyond the work group, in
  their emergency contacts, their access requests and their grants' reasons;
  no page, file or form may show a walker any marker;
- a refusal (403 or 404) is audited with an event of kind DENIED;
- a POST changes nothing: no history row, grant or request is written;
- a stranger is sent to the login page, except from the pages that need
  no login, and from a partner system's endpoint, which answers anyone
  without its token 401 with a bearer challenge (and audits the refusal).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from bsits.models import Event, ReviewItem, Subject
from operations_orders.models import Order, Revision
from security.models import AccessRequest, AuditEvent, OrganizationUnit, RoleGrant
from staffing.models import EmergencyContact, Employee

pytestmark = pytest.mark.django_db

MARK = "zq-marker"
WALKERS = [
    None,
    "agent",
    "supervisor",
    "timekeeper",
    "personnel",
    "access-admin",
    "analyst",
    "ops-approver",
    "ops-author",
    "bsits-editor",
    "sector-analyst",
    "release-approver",
    "dispatcher",
]
# Pages anyone may open without logging in.
OPEN = {"login", "health", "security:set-password"}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")


@dataclass(frozen=True)
class Route:
    path: str  # with <name> or (?P<name>...) placeholders
    name: str | None
    parameters: tuple[str, ...]
    callback: object


def routes(patterns=None, prefix="", namespace=""):
    """Every URL pattern, however deeply included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from routes(
                pattern.url_patterns, prefix + str(pattern.pattern), inner
            )
        elif isinstance(pattern, URLPattern):
            path = prefix + str(pattern.pattern)
            yield Route(
                path=path,
                name=f"{namespace}{pattern.name}" if pattern.name else None,
                parameters=tuple(pattern.pattern.regex.groupindex),
                callback=pattern.callback,
            )


def placeholders(path: str) -> list[tuple[str, str]]:
    """Each (placeholder text, parameter name) in a route's path."""
    found = [(m.group(0), m.group(1)) for m in re.finditer(r"<(?:\w+:)?(\w+)>", path)]
    found += [
        (m.group(0), m.group(1)) for m in re.finditer(r"\(\?P<(\w+)>[^)]*\)", path)
    ]
    return found


def concrete(route: Route, values: dict[str, str]) -> str:
    path = route.path
    for text, name in placeholders(path):
        path = path.replace(text, str(values[name]), 1)
    return "/" + path.replace("^", "").replace("$", "")


# ---- the other station's people and their records ------------------------


@dataclass
class World:
    station: OrganizationUnit
    user: object
    employee: Employee
    chief: Employee
    access_request: AccessRequest
    grant: RoleGrant
    markers: list[str]
    schedule: object
    cell: object
    run: object
    order: Order
    event: Event
    subject: Subject
    leave_request: object = None
    change_request: object = None
    notification: object = None
    daily: object = None
    entry: object = None
    daily_run: object = None
    timesheet: object = None
    service_account: object = None
    service_token: object = None


def marked(field: str) -> str:
    return f"{MARK}-{field.replace('_', '-')}"


@pytest.fixture
def world(demo, make_user, units):
    station = units["ysleta"]
    chief_user = make_user("farchief", home="ysleta")
    chief = Employee.objects.create(
        user=chief_user,
        first_name="Far",
        last_name="Chief",
        job_title="Supervisory Border Patrol Agent",
        duty_station=station,
        work_street="700 Station Road",
        work_city="El Paso",
        work_state="TX",
        work_zip="79907",
    )
    user = make_user("faragent", home="ysleta")
    employee = Employee.objects.create(
        user=user,
        first_name="Far",
        last_name="Agent",
        job_title="Border Patrol Agent",
        duty_station=station,
        supervisor=chief,
        work_street="700 Station Road",
        work_city="El Paso",
        work_state="TX",
        work_zip="79907",
        home_street=marked("home_street"),
        mailing_street=marked("mailing_street"),
        personal_email=f"{MARK}@home.example.gov",
        doctor_name=marked("doctor_name"),
        medical_alerts=marked("medical_alerts"),
        health_plan_name=marked("health_plan_name"),
        emergency_patrol_agent_name=marked("emergency_patrol_agent_name"),
        academy_class=marked("academy")[:20],
        drivers_licence_number=marked("licence")[:20],
        date_of_birth=date(1961, 7, 19),
    )
    EmergencyContact.objects.create(
        employee=employee,
        name=marked("contact_name"),
        relationship="Sister",
        phone="(915) 555-0100",
    )
    grant = RoleGrant.objects.create(
        user=user,
        module="staffing",
        role="self_service",
        organization_unit=station,
        starts_on=date(2026, 1, 1),
        granted_by=chief_user,
        reason=marked("grant_reason"),
    )
    access_request = AccessRequest.objects.create(
        requester=user,
        module="vehicles",
        role="viewer",
        organization_unit=station,
        reason=marked("request_reason"),
        route=AccessRequest.Route.SUPERVISOR,
        routed_to=chief_user,
    )
    leave_request, change_request, notification = _requests_of(employee)
    markers = [
        getattr(employee, field)
        for field in (
            "home_street",
            "mailing_street",
            "doctor_name",
            "medical_alerts",
            "health_plan_name",
            "emergency_patrol_agent_name",
            "academy_class",
            "drivers_licence_number",
        )
    ] + [
        employee.personal_email,
        marked("contact_name"),
        marked("grant_reason"),
        marked("request_reason"),
        "July 19, 1961",
        "1961-07-19",
        marked("leave_remarks"),
        marked("change_remarks"),
        marked("notification"),
    ]
    schedule, cell, run = _schedule_of(station, employee)
    markers.append(_detail_of(station, employee, chief_user).purpose)
    daily, entry, daily_run = _daily_of(schedule, employee, chief_user, marked)
    markers.append(entry.remarks)
    timesheet = _timesheet_of(schedule, employee)
    markers.append(marked("time_remarks"))
    service_account, service_token = _far_service_account(station.parent, chief_user)
    markers.append(service_account.name)
    order, event, subject = _far_order_and_event(station, chief)
    markers += [
        order.purpose,
        event.location_description,
        subject.family_name,
        subject.given_names,
        marked("review_local"),
        marked("review_system"),
    ]
    return World(
        station,
        user,
        employee,
        chief,
        access_request,
        grant,
        markers,
        schedule,
        cell,
        run,
        order,
        event,
        subject,
        leave_request,
        change_request,
        notification,
        daily,
        entry,
        daily_run,
        timesheet,
        service_account,
        service_token,
    )


def _far_service_account(sector, creator):
    """A partner system's account over the other sector, with a token."""
    from security.models import ServiceAccount, ServiceToken, User

    account = ServiceAccount.objects.create(
        user=User.objects.create(username="service-warehouse-far", home_unit=sector),
        partner="warehouse",
        unit=sector,
        name=marked("service_account"),
        created_by=creator,
    )
    token = ServiceToken.objects.create(
        account=account, digest="f" * 64, prefix="bpets_far", issued_by=creator
    )
    return account, token


def _schedule_of(station, employee):
    """The other station's G-259, with the person's day and the run that
    initialized it."""
    from scheduling import services
    from scheduling.models import InitializationRun, Schedule, ScheduleCell, ScheduleRow

    pay_period = services.pay_period_row(date(2026, 1, 11))
    schedule = Schedule.objects.create(station=station, pay_period=pay_period)
    row = ScheduleRow.objects.create(schedule=schedule, employee=employee)
    cell = ScheduleCell.objects.create(row=row, day=date(2026, 1, 12), status="DAY_OFF")
    run = InitializationRun.objects.create(
        pay_period=pay_period, station=station, stations={str(station.pk): {}}
    )
    return schedule, cell, run


def _detail_of(station, employee, proposer):
    """A detail of the other station's agent to a station of their sector."""
    from scheduling.models import Detail

    gaining = (
        OrganizationUnit.objects.filter(parent=station.parent, kind="STATION")
        .exclude(pk=station.pk)
        .order_by("pk")
        .first()
    )
    return Detail.objects.create(
        employee=employee,
        home_station=station,
        gaining_station=gaining,
        first_day=date(2027, 3, 8),
        last_day=date(2027, 3, 12),
        planned_last_day=date(2027, 3, 12),
        purpose=marked("detail_purpose"),
        proposed_by=proposer,
        proposed_side="HOME",
    )


def _daily_of(schedule, employee, chief_user, marked):
    """The other station's G-481 of the same day, the person's line on it,
    and the run that built it."""
    from datetime import UTC, datetime

    from scheduling.models import DailyEntry, DailyRun, DailySchedule

    daily = DailySchedule.objects.create(
        station=schedule.station,
        day=date(2026, 1, 12),
        pay_period=schedule.pay_period,
        schedule=schedule,
    )
    entry = DailyEntry.objects.create(
        daily=daily,
        employee=employee,
        shift_start=datetime(2026, 1, 12, 13, tzinfo=UTC),
        shift_end=datetime(2026, 1, 12, 23, tzinfo=UTC),
        remarks=marked("daily_remarks"),
    )
    run = DailyRun.objects.create(schedule=schedule, started_by=chief_user)
    return daily, entry, run


def _timesheet_of(schedule, employee):
    """The other station's agent's timesheet of the same pay period, with
    a day as scheduled and an entry."""
    from timesheet.models import ScheduledDay, TimeEntry, Timesheet

    sheet = Timesheet.objects.create(
        employee=employee, pay_period=schedule.pay_period, station=schedule.station
    )
    ScheduledDay.objects.create(
        timesheet=sheet,
        day=date(2026, 1, 12),
        source="G481",
        station=schedule.station,
        status="WORKDAY",
        scheduled_start=datetime(2026, 1, 12, 13, tzinfo=UTC),
        scheduled_end=datetime(2026, 1, 12, 23, tzinfo=UTC),
    )
    TimeEntry.objects.create(
        timesheet=sheet,
        day=date(2026, 1, 13),
        code="SICK",
        hours=2,
        remarks=marked("time_remarks"),
    )
    return sheet


def _requests_of(employee):
    """A leave and a schedule change request of the other station's agent,
    and a notification to them."""
    from bpets.models import Notification
    from scheduling.models import LeaveRequest, ScheduleChangeRequest

    leave_request = LeaveRequest.objects.create(
        employee=employee,
        leave_type="SICK",
        first_day=date(2027, 3, 1),
        last_day=date(2027, 3, 2),
        hours=16,
        remarks=marked("leave_remarks"),
        requested_by=employee.user,
    )
    change_request = ScheduleChangeRequest.objects.create(
        employee=employee,
        day=date(2027, 3, 4),
        wanted="DAY_OFF",
        remarks=marked("change_remarks"),
        requested_by=employee.user,
    )
    notification = Notification.objects.create(
        recipient=employee.user, text=marked("notification"), link="/"
    )
    return leave_request, change_request, notification


def _far_order_and_event(station, chief):
    """An operations order of the other sector, and a rescue of the other
    station with its subject."""
    order = Order.objects.create(
        number="EPT-2026-0001",
        name="Operation Far Away",
        sector=station.parent,
        station=station,
        purpose=marked("order_purpose"),
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 7, 31),
        author=chief,
    )
    Revision.objects.create(
        order=order,
        number=1,
        situation="Far.",
        mission="Far.",
        execution="Far.",
        administration="Far.",
        command="Far.",
        written_by=chief.user,
    )
    event = Event.objects.create(
        number="BSI-EPT-2026-00001",
        event_type="RESCUE",
        occurred_at=datetime(2026, 7, 4, 18, tzinfo=UTC),
        occurred_on=date(2026, 7, 4),
        fiscal_year=2026,
        station=station,
        sector=station.parent,
        location_description=marked("event_location"),
        terrain="DESERT",
        circumstance="HEAT_EXPOSURE",
        recorded_by=chief.user,
    )
    subject = Subject.objects.create(
        event=event,
        family_name=marked("subject_family"),
        given_names=marked("subject_given"),
        gender="MALE",
        citizenship_status="UNKNOWN",
        disposition="PENDING",
    )
    ReviewItem.objects.create(
        event=event,
        subject=subject,
        field="family_name",
        local_value=marked("review_local"),
        system_value=marked("review_system"),
        message_id="ENF-1",
        received_at=datetime(2026, 7, 5, 18, tzinfo=UTC),
    )
    return order, event, subject


# ---- how each parameter is filled ---------------------------------------


def first_id(label: str):
    """An existing row of the model, or an id no row has (then: 404)."""
    model = apps.get_model(label)
    return model.objects.order_by("pk").values_list("pk", flat=True).first() or 999999


# The model whose id a URL's ``pk`` names, where the world has one of its
# own; otherwise the model's label, and the walk takes its first row.
OBJECT_OF = {
    "security:withdraw-request": lambda w: w.access_request.pk,
    "security:decide-request": lambda w: w.access_request.pk,
    "security:person": lambda w: w.user.pk,
    "security:deactivate": lambda w: w.user.pk,
    "security:revoke": lambda w: w.grant.pk,
    "security:issue-service-token": lambda w: w.service_account.pk,
    "security:revoke-service-token": lambda w: w.service_token.pk,
    "security:organization-unit": lambda w: w.station.pk,
    "security:retention-run": "security.RetentionRun",
    "security:retention-lift-hold": "security.LegalHold",
    "staffing:correction": "staffing.CorrectionRequest",
    "staffing:directory-retry": "staffing.DirectoryMessage",
    "staffing:emergency-report-of": lambda w: w.employee.pk,
    "staffing:emergency-report-pdf": lambda w: w.employee.pk,
    "staffing:separate": lambda w: w.employee.pk,
    "staffing:profile-export": lambda w: w.employee.pk,
    "staffing:profile": lambda w: w.employee.pk,
    "staffing:edit": lambda w: w.employee.pk,
    "staffing:edit-list": lambda w: w.employee.pk,
    "vehicles:vehicle": "vehicles.Vehicle",
    "vehicles:edit": "vehicles.Vehicle",
    "vehicles:transfer": "vehicles.Vehicle",
    "vehicles:status": "vehicles.Vehicle",
    "vehicles:odometer": "vehicles.Vehicle",
    "vehicles:assign": "vehicles.Vehicle",
    "vehicles:assignment-end": "vehicles.Vehicle",
    "checkpoints:detail": "checkpoints.Checkpoint",
    "checkpoints:edit": "checkpoints.Checkpoint",
    "checkpoints:status": "checkpoints.Checkpoint",
    "notification-read": lambda w: w.notification.pk,
    "scheduling:leave-request": lambda w: w.leave_request.pk,
    "scheduling:leave-request-step": lambda w: w.leave_request.pk,
    "scheduling:change-request": lambda w: w.change_request.pk,
    "scheduling:change-request-step": lambda w: w.change_request.pk,
    "scheduling:detail": lambda w: _far_detail(w).pk,
    "scheduling:detail-step": lambda w: _far_detail(w).pk,
    "reporting:import-run": "reporting.ImportRun",
    "reporting:version": "reporting.SnapshotVersion",
    "reporting:release": "reporting.ReleaseRequest",
    "reporting:release-approve": "reporting.ReleaseRequest",
    "reporting:release-refuse": "reporting.ReleaseRequest",
    "reporting:release-pdf": "reporting.ReleaseRequest",
    "operations_orders:detail": lambda w: w.order.pk,
    "operations_orders:edit": lambda w: w.order.pk,
    "operations_orders:submit": lambda w: w.order.pk,
    "operations_orders:approve": lambda w: w.order.pk,
    "operations_orders:return": lambda w: w.order.pk,
    "operations_orders:activate": lambda w: w.order.pk,
    "operations_orders:amend": lambda w: w.order.pk,
    "operations_orders:close": lambda w: w.order.pk,
    "operations_orders:revisions": lambda w: w.order.pk,
    "operations_orders:print": lambda w: w.order.pk,
    "operations_orders:pdf": lambda w: w.order.pk,
    "bsits:detail": lambda w: w.event.pk,
    "bsits:edit": lambda w: w.event.pk,
    "bsits:add-subject": lambda w: w.event.pk,
    "bsits:close": lambda w: w.event.pk,
    "bsits:edit-subject": lambda w: w.subject.pk,
    "bsits:review-decide": lambda w: w.event.review_items.get().pk,
    "timesheet:run": "timesheet.InitializationRun",
    "scheduling:national-edit": "scheduling.Activity",
    "scheduling:reference-edit": "scheduling.Zone",
}


def _far_detail(world):
    from scheduling.models import Detail

    return Detail.objects.get(employee=world.employee)


def fill_pk(route, world):
    if route.name.startswith("timesheet:") and route.name not in OBJECT_OF:
        # Every other timesheet URL names the timesheet itself.
        return world.timesheet.pk
    if route.name not in OBJECT_OF:
        raise LookupError(f"{route.path}: add {route.name!r} to OBJECT_OF")
    source = OBJECT_OF[route.name]
    return source(world) if callable(source) else first_id(source)


def fill_admin_object(route, world):
    # The admin's views carry their ModelAdmin: the model's first row. The
    # views without one (view on site, the redirect to the change page) get
    # the other station's employee.
    model_admin = getattr(route.callback, "model_admin", None)
    if model_admin is None or model_admin.model is Employee:
        return world.employee.pk
    return first_id(model_admin.model._meta.label)


def fill_assignment(route, world):
    return first_id("vehicles.Assignment")


def fill_admin_content_type(route, world):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Employee).pk


# Each parameter name, and how the walk fills it.
FILLERS = {
    "pk": fill_pk,
    "object_id": fill_admin_object,
    "content_type_id": fill_admin_content_type,
    "app_label": lambda route, world: "staffing",
    "url": lambda route, world: "no-such-page/",
    "group": lambda route, world: "medical",
    "kind": lambda route, world: (
        "emergency-contacts" if route.name == "staffing:edit-list" else "zones"
    ),
    "station": lambda route, world: world.station.pk,
    "station_pk": lambda route, world: world.station.pk,
    "employee_pk": lambda route, world: world.employee.pk,
    "assignment_pk": fill_assignment,
    "schedule_pk": lambda route, world: world.schedule.pk,
    "cell_pk": lambda route, world: world.cell.pk,
    "run_pk": lambda route, world: world.run.pk,
    "daily_pk": lambda route, world: world.daily.pk,
    "entry_pk": lambda route, world: (
        world.timesheet.entries.get().pk
        if route.name.startswith("timesheet:")
        else world.entry.pk
    ),
    "day": lambda route, world: "2026-01-12",
    "day_pk": lambda route, world: world.timesheet.days.get().pk,
    "daily_run_pk": lambda route, world: world.daily_run.pk,
    "code": lambda route, world: "audit-records",
    # A link for the other station's person, with a token that is not theirs.
    "uidb64": lambda route, world: _uid(world.user),
    "token": lambda route, world: "set-password",
}


def _uid(user):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk))


def url_for(route: Route, world: World) -> str:
    values = {}
    for _, name in placeholders(route.path):
        if name not in FILLERS:
            raise LookupError(f"{route.path}: no filler for parameter {name!r}")
        values[name] = FILLERS[name](route, world)
    return concrete(route, values)


# ---- what the walk checks ------------------------------------------------


def written_rows() -> int:
    """Rows of every history table, and grants, requests and accounts in
    states only a change reaches: any change adds to the sum."""
    tables = [
        model._meta.db_table
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    ]
    counts = " + ".join(
        f'(SELECT count(*) FROM "{table}")'  # noqa: S608 (model table names)
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        history = cursor.fetchone()[0]
    return (
        history
        + RoleGrant.objects.count()
        + RoleGrant.objects.filter(revoked_at__isnull=False).count()
        + AccessRequest.objects.exclude(status=AccessRequest.Status.PENDING).count()
        + get_user_model().objects.filter(is_active=False).count()
    )


def denials() -> int:
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED).count()


def is_open(route: Route) -> bool:
    return route.name in OPEN or route.path == "admin/login/"


def is_token_refusal(response) -> bool:
    """A partner system's endpoint refusing a request without its token."""
    challenge = response.get("WWW-Authenticate", "")
    return response.status_code == 401 and challenge.startswith("Bearer")


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def check(walker, method, url, route, response, denied_before, world) -> list[str]:
    problems = []
    status = response.status_code
    body = body_of(response)
    shown = [marker for marker in world.markers if marker in body]
    if shown:
        problems.append(f"{walker} {method} {url}: {status} shows {shown}")

    if walker is None and not is_open(route) and not is_token_refusal(response):
        location = response.get("Location", "")
        # The admin sends strangers to its login path, which is ours.
        if status != 302 or not location.startswith(LOGIN_PAGES):
            problems.append(f"stranger {method} {url}: {status} {location}")
    elif status in (403, 404) and denials() == denied_before:
        problems.append(f"{walker} {method} {url}: {status} without a DENIED event")
    return problems


def walkable_routes():
    return [route for route in routes() if not route.path.startswith("static")]


def test_every_parameter_of_every_url_can_be_filled(world):
    unfilled = []
    for route in walkable_routes():
        try:
            url_for(route, world)
        except LookupError as error:
            unfilled.append(str(error))

    assert unfilled == []


@pytest.mark.parametrize("walker", WALKERS, ids=lambda name: name or "stranger")
def test_no_url_reaches_what_the_policy_forbids(client, world, walker):
    if walker is not None:
        client.force_login(get_user_model().objects.get(username=walker))
    problems = []
    walked = 0
    for route in walkable_routes():
        url = url_for(route, world)
        methods = ["GET", "POST"] if route.parameters else ["GET"]
        for method in methods:
            denied_before, rows_before = denials(), written_rows()
            response = getattr(client, method.lower())(url)
            walked += 1
            problems += check(
                walker, method, url, route, response, denied_before, world
            )
            if method == "POST" and written_rows() != rows_before:
                problems.append(f"{walker} POST {url}: changed something")
        if walker is not None:
            # A page may end the session (log out, a held password): walk on
            # logged in.
            client.force_login(get_user_model().objects.get(username=walker))

    assert walked > 80
    assert problems == [], "\n".join(problems)


def test_the_walk_fails_a_url_it_cannot_fill(world):
    route = Route("things/<int:thing_pk>/", "x:thing", ("thing_pk",), None)

    with pytest.raises(LookupError, match="no filler for parameter 'thing_pk'"):
        url_for(route, world)


def test_the_walk_sees_a_marker_and_an_unaudited_refusal(world, rf):
    from django.http import HttpResponse, HttpResponseForbidden

    route = Route("x/<int:pk>/", "staffing:profile", ("pk",), None)
    leaking = HttpResponse(f"<p>{world.markers[0]}</p>")
    refused = HttpResponseForbidden("no")

    assert check("agent", "GET", "/x/1/", route, leaking, denials(), world) == [
        f"agent GET /x/1/: 200 shows ['{world.markers[0]}']"
    ]
    assert check("agent", "GET", "/x/1/", route, refused, denials(), world) == [
        "agent GET /x/1/: 403 without a DENIED event"
    ]
