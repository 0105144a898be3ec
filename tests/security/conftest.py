"""Fixtures of the security tests: the retention tests' people."""

import pytest

from staffing.models import EmergencyContact, Employee


@pytest.fixture
def employee(make_user, units):
    """An employee with values in every group the rules purge."""

    def make(username, **fields):
        user = make_user(username)
        values = {
            "user": user,
            "first_name": username.title(),
            "last_name": "Tester",
            "job_title": "Border Patrol Agent",
            "duty_station": units["nogales"],
            "work_street": "1 Station Road",
            "work_city": "Nogales",
            "work_state": "AZ",
            "work_zip": "85621",
            "work_phone": "(520) 555-0101",
            "work_email": f"{username}@work.example.invalid",
            "home_street": f"12 {username.title()} Lane",
            "home_city": "Rio Rico",
            "home_state": "AZ",
            "home_zip": "85648",
            "mobile_phone": "(520) 555-0112",
            "personal_email": f"{username}@home.example.invalid",
            "doctor_name": f"Dr {username.title()}",
            "medical_alerts": f"Allergic to {username}-penicillin.",
            "blood_type": "O+",
            "emergency_patrol_agent_name": f"Duty {username}",
            "emergency_patrol_agent_phone": "(520) 555-0199",
        }
        values.update(fields)
        person = Employee.objects.create(**values)
        EmergencyContact.objects.create(
            employee=person,
            name=f"Kin of {username}",
            relationship="Spouse",
            phone="(520) 555-0142",
        )
        return person

    return make


@pytest.fixture
def records_administrators(make_user, give):
    first = make_user("records1")
    second = make_user("records2")
    for user in (first, second):
        give(user, "security", "records_administrator", "headquarters")
    return first, second
