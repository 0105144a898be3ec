"""The staffing module's part of the demo: full, fictional profiles at the
demo station and a chain of command to go with them.

Phone numbers are in the 555-0100 to 555-0199 range, which is reserved for
fiction; ZIP and street are the station's, made up.
"""

from datetime import date

from bpets.demo_population import DemoContext
from security.demo import DEMO_EMAIL_DOMAIN
from security.models import User
from staffing import corrections
from staffing.models import Canine, EmergencyContact, Employee, EmployeeSkill, Skill

# username: (job title, supervisor's username, grade, skills)
CHAIN = {
    "luis.creosote": ("Patrol Agent in Charge", None, 14, ["intelligence"]),
    "dana.saguaro": ("Watch Commander", "luis.creosote", 13, ["emt"]),
    "personnel": ("Personnel Officer", "luis.creosote", 11, []),
    "access-admin": (
        "Supervisory Border Patrol Agent (Operations)",
        "luis.creosote",
        13,
        [],
    ),
    "supervisor": (
        "Supervisory Border Patrol Agent",
        "dana.saguaro",
        13,
        ["sign-cutting"],
    ),
    "priya.brittlebush": (
        "Supervisory Border Patrol Agent",
        "dana.saguaro",
        13,
        ["borstar"],
    ),
    "timekeeper": ("Timekeeper", "dana.saguaro", 8, []),
    # Radio dispatch, added by the scheduling demo.
    "dispatcher": (
        "Law Enforcement Communications Assistant",
        "dana.saguaro",
        7,
        [],
    ),
    # The operations supervisor leads the station's support staff.
    "sam.ironwood": ("Mission Support Specialist", "access-admin", 9, []),
    "kenji.jojoba": ("Vehicle Maintenance Coordinator", "access-admin", 9, []),
    "agent": ("Border Patrol Agent", "supervisor", 12, ["language", "horse-patrol"]),
    # The operations orders and BSITS logins, added by those modules' demos.
    "ops-approver": ("Deputy Patrol Agent in Charge", "luis.creosote", 14, []),
    "ops-author": ("Operations Officer", "dana.saguaro", 12, []),
    "bsits-editor": ("Border Patrol Agent (BORSTAR)", "supervisor", 12, ["borstar"]),
}
AGENT_GRADE = 12


def populate(demo: DemoContext) -> None:
    station = demo.station
    # The demo's own people only: an administrator may since have made a
    # partner system's service account, or a real login, at the station,
    # and neither is given a made-up profile.
    staff = User.objects.filter(
        home_unit=station,
        email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
        service_account__isnull=True,
    ).exclude(username="analyst")
    created = 0
    for number, user in enumerate(staff.order_by("pk")):
        title, _, grade, _ = CHAIN.get(
            user.username, ("Border Patrol Agent", None, AGENT_GRADE, [])
        )
        employee, made = Employee.objects.get_or_create(
            user=user,
            defaults=_profile(user, station, title, grade, number),
        )
        created += made
        if made:
            _add_contacts_and_skills(employee, user.username)

    employees = {
        employee.user.username: employee
        for employee in Employee.objects.filter(user__in=staff).select_related("user")
    }
    for username, employee in employees.items():
        supervisor_name = CHAIN.get(username, (None, "priya.brittlebush"))[1]
        if username not in CHAIN:
            # Half the agents report to each first-line supervisor.
            supervisor_name = "supervisor" if employee.pk % 2 else "priya.brittlebush"
        supervisor = employees.get(supervisor_name) if supervisor_name else None
        if employee.supervisor_id != (supervisor.pk if supervisor else None):
            employee.supervisor = supervisor
            employee.save(update_fields=["supervisor"])

    handler = employees.get("agent")
    canine, _ = Canine.objects.get_or_create(
        identifier="TCA-NGL-K9-01",
        defaults={
            "name": "Rook",
            "station": station,
            "handler": handler,
            "certifications": "Concealed humans and narcotics detection.",
        },
    )
    if handler is not None and handler.assigned_canine_id != canine.pk:
        handler.assigned_canine = canine
        handler.save(update_fields=["assigned_canine"])

    _ask_for_a_correction(employees.get("agent"))

    demo.notes.append(f"Staffing: {len(employees)} profiles ({created} new).")


def ensure_profile(user, station) -> Employee:
    """The profile of a login that a higher module's demo adds, made as this
    module's own demo makes the rest (and found again on the next run)."""
    employee = Employee.objects.filter(user=user).first()
    if employee is not None:
        return employee
    title, supervisor_name, grade, _ = CHAIN.get(
        user.username, ("Border Patrol Agent", "supervisor", AGENT_GRADE, [])
    )
    number = User.objects.filter(home_unit=station, pk__lt=user.pk).count()
    employee = Employee.objects.create(
        user=user,
        supervisor=Employee.objects.filter(user__username=supervisor_name).first(),
        **_profile(user, station, title, grade, number),
    )
    _add_contacts_and_skills(employee, user.username)
    return employee


def _ask_for_a_correction(agent) -> None:
    """An open request, so personnel have something in their queue."""
    if agent is None or agent.correction_requests.exists():
        return
    corrections.request_correction(
        actor=agent.user,
        employee=agent,
        field_name="service_computation_date",
        requested_value="2007-09-16",
        reason="Two years of Army service were left out (DD-214 sent to HR).",
    )


def _profile(user, station, title, grade, number) -> dict:
    phone_suffix = 100 + number % 100
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": title,
        "duty_station": station,
        "work_street": "1 Station Road",
        "work_city": station.city or station.name,
        "work_state": station.state,
        "work_zip": "85621",
        "work_phone": f"(520) 555-{phone_suffix:04d}",
        "work_email": user.email,
        "home_street": f"{200 + number} Mesquite Lane",
        "home_city": "Rio Rico",
        "home_state": "AZ",
        "home_zip": "85648",
        "mobile_phone": f"(520) 555-{(phone_suffix + 50) % 100 + 100:04d}",
        "personal_email": f"{user.username}@home.demo.bpets.invalid",
        "date_of_birth": date(1980 + number % 15, 1 + number % 12, 1 + number % 27),
        "entered_on_duty_date": date(2008 + number % 12, 3, 1),
        "service_computation_date": date(2008 + number % 12, 3, 1),
        "border_patrol_entered_on_duty_date": date(2008 + number % 12, 3, 1),
        "station_entered_on_duty_date": date(2015 + number % 8, 6, 1),
        "academy_class": f"{900 + number}",
        "job_classification": "1896" if "Agent" in title else "0203",
        "pay_plan": "GS",
        "grade": grade,
        "step": 1 + number % 10,
        "blood_type": ("O+", "A+", "B+", "AB+", "O-")[number % 5],
        "medical_alerts": "None known." if number % 4 else "Penicillin allergy.",
        "emergency_patrol_agent_name": "Duty supervisor, Nogales Station",
        "emergency_patrol_agent_phone": "(520) 555-0199",
    }


def _add_contacts_and_skills(employee, username) -> None:
    EmergencyContact.objects.create(
        employee=employee,
        name=f"Sam {employee.last_name}",
        relationship="Spouse",
        phone="(520) 555-0142",
    )
    for code in CHAIN.get(username, (None, None, None, ["sign-cutting"]))[3]:
        skill = Skill.objects.get(code=code)
        detail = "Spanish" if code == "language" else ""
        EmployeeSkill.objects.get_or_create(
            employee=employee, skill=skill, detail=detail
        )
