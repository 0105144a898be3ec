"""The staffing module's part of the national data set: a full profile for
each person of the plan, the chain of command, emergency contacts and
skills, each row with its history row (``bpets.bulk_history``).

Chiefs are written first, then supervisors, then agents, so that each
person's supervisor already has an id. Phone numbers are in the 555-01xx
range kept for fiction; addresses and the hash ID are made up.
"""

import hashlib
from datetime import date, timedelta

from django.db import transaction

from bpets.bulk_history import create_with_history
from bpets.national import Nation, invented_name
from security.models import OrganizationUnit
from staffing.models import (
    EmergencyContact,
    Employee,
    EmployeeSkill,
    Skill,
    search_text,
)
from staffing.validators import BLOOD_TYPES, US_STATES

REASON = "National data set"
TITLES = {
    "chief": ("Patrol Agent in Charge", 15),
    "supervisor": ("Supervisory Border Patrol Agent", 13),
    "agent": ("Border Patrol Agent", 12),
}
CONTRACTOR_TITLE = "Mission Support Contractor"
SKILL_SHARE = 5  # one person in five has a special skill
RELATIONSHIPS = ("Spouse", "Parent", "Sibling", "Friend")


def build(nation: Nation) -> None:
    stations = OrganizationUnit.objects.in_bulk(nation.station_ids)
    with transaction.atomic():
        for rank in ("chief", "supervisor", "agent"):
            people = [person for person in nation.people if person.rank == rank]
            made = create_with_history(
                Employee,
                [
                    _employee(nation, person, stations[person.station_id])
                    for person in people
                ],
                user=nation.actor,
                reason=REASON,
            )
            for person, employee in zip(people, made, strict=True):
                nation.employee_ids[person.number] = employee.pk
        nation.counts["emergency_contacts"] = _contacts(nation)
        nation.counts["skills"] = _skills(nation)
    nation.counts["employees"] = len(nation.employee_ids)


def _employee(nation: Nation, person, station) -> Employee:
    number = person.number
    title, grade = TITLES[person.rank]
    if person.contractor:
        title, grade = CONTRACTOR_TITLE, None
    state = station.state if station.state in US_STATES else "AZ"
    entered = date(2026, 1, 1) - timedelta(days=400 + (number * 37) % 7000)
    return Employee(
        user_id=nation.user_ids.get(number),
        first_name=person.first_name,
        middle_initial=person.middle_initial,
        last_name=person.last_name,
        search_name=search_text(person.first_name, person.last_name),
        job_title=title,
        duty_station_id=person.station_id,
        supervisor_id=nation.employee_ids.get(person.supervisor_number),
        work_street=station.street_address or "1 Station Road",
        work_city=station.city or station.name,
        work_state=state,
        work_zip=station.zip_code if len(station.zip_code or "") == 5 else "85000",
        work_phone=f"(520) 555-01{number % 100:02d}",
        work_email=f"{person.username}@bpets.example",
        home_street=f"{100 + number % 900} Mesquite Lane",
        home_city=station.city or station.name,
        home_state=state,
        home_zip="85001",
        mobile_phone=f"(520) 555-01{(number + 37) % 100:02d}",
        personal_email=f"{person.username}@home.example",
        employment_type=(
            Employee.EmploymentType.CONTRACTOR
            if person.contractor
            else Employee.EmploymentType.EMPLOYEE
        ),
        date_of_birth=date(1970, 1, 1) + timedelta(days=(number * 131) % 11000),
        gender=("F", "M")[number % 2],
        entered_on_duty_date=entered,
        service_computation_date=entered,
        border_patrol_entered_on_duty_date=entered,
        station_entered_on_duty_date=entered + timedelta(days=200),
        academy_class=f"{1000 + number % 200}",
        job_classification="1896" if not person.contractor else "",
        pay_plan="GL" if not person.contractor else "",
        grade=grade,
        step=None if person.contractor else 1 + number % 10,
        doctor_name=f"Dr. {invented_name(nation.chooser(f'doctor{number}'), 3)}",
        doctor_phone=f"(520) 555-01{(number + 11) % 100:02d}",
        health_plan_name="Federal Employees Health Benefits",
        health_plan_code=f"{100 + number % 50}",
        blood_type=BLOOD_TYPES[number % len(BLOOD_TYPES)],
        emergency_patrol_agent_name=invented_name(nation.chooser(f"epa{number}"), 3),
        emergency_patrol_agent_phone=f"(520) 555-01{(number + 53) % 100:02d}",
        hash_id=hashlib.sha256(f"{nation.seed}:{number}".encode()).hexdigest(),
        drivers_licence_state=state,
        drivers_licence_number=f"D{number:08d}",
        drivers_licence_expiry=date(2029, 1, 1) + timedelta(days=number % 700),
    )


def _contacts(nation: Nation) -> int:
    """One or two contacts each, with invented names."""
    chooser = nation.chooser("contacts")
    contacts = []
    for person in nation.people:
        for order in range(1 + person.number % 2):
            contacts.append(
                EmergencyContact(
                    employee_id=nation.employee_ids[person.number],
                    name=(
                        f"{invented_name(chooser, 3)} {person.last_name}"
                        if order == 0
                        else f"{invented_name(chooser, 3)} {invented_name(chooser, 3)}"
                    ),
                    relationship=RELATIONSHIPS[(person.number + order) % 4],
                    phone=f"(520) 555-01{(person.number + order) % 100:02d}",
                )
            )
    create_with_history(EmergencyContact, contacts, user=nation.actor, reason=REASON)
    return len(contacts)


def _skills(nation: Nation) -> int:
    skills = list(Skill.objects.order_by("pk"))
    rows = [
        EmployeeSkill(
            employee_id=nation.employee_ids[person.number],
            skill=skill,
            detail="Spanish" if skill.takes_detail else "",
        )
        for person in nation.people
        if person.number % SKILL_SHARE == 0
        for skill in [skills[(person.number // SKILL_SHARE) % len(skills)]]
    ]
    create_with_history(EmployeeSkill, rows, user=nation.actor, reason=REASON)
    return len(rows)
