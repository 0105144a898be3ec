import pytest

from scheduling import services
from scheduling.models import Activity, ScheduleDefault, ShiftTemplate, SubActivity


@pytest.fixture
def first_pay_period_2026(db):
    """PP 1/2026: Sunday 11 January to Saturday 24 January 2026."""
    rows = services.ensure_pay_periods(2026)
    return rows[0]


@pytest.fixture
def templates(units):
    nogales = units["nogales"]
    return {
        "days": ShiftTemplate.objects.create(
            station=nogales,
            name="Days",
            kind="DAYS",
            start_time="06:00",
            length_minutes=600,
        ),
        "mids": ShiftTemplate.objects.create(
            station=nogales,
            name="Mids",
            kind="MIDS",
            start_time="22:00",
            length_minutes=600,
        ),
    }


@pytest.fixture
def set_default():
    """Give an employee schedule defaults: off Monday and Tuesday (Tuesday
    in lieu of Sunday), linewatch, level 1, unless told otherwise."""
    patrol = Activity.objects.get(code="patrol-border", station=None)
    linewatch = SubActivity.objects.get(code="linewatch", station=None)

    def set_default(employee, template, **fields):
        values = {
            "shift_template": template,
            "first_day_off": 1,
            "second_day_off": 2,
            "in_lieu_of_sunday": 2,
            "activity": patrol,
            "sub_activity": linewatch,
            "overtime_level": "LEVEL_1",
            "overtime_year": 2026,
        }
        values.update(fields)
        return ScheduleDefault.objects.create(employee=employee, **values)

    return set_default
