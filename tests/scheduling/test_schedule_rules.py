import pytest
from django.urls import reverse

from scheduling.models import ShiftMinimum, ShiftTemplate, StationScheduleRules


@pytest.fixture
def administrator(make_user, give):
    user = make_user("schedadmin")
    give(user, "scheduling", "scheduling_administrator", "nogales")
    return user


def new_url(units, kind):
    return reverse("scheduling:reference-new", args=[units["nogales"].pk, kind])


@pytest.mark.django_db
class TestScheduleRules:
    def test_the_administrator_makes_short_rest_blocking(
        self, client, units, administrator
    ):
        client.force_login(administrator)

        response = client.post(
            new_url(units, "schedule-rules"),
            {
                "minimum_rest_hours": "10",
                "initialize_days_ahead": "21",
                "blocking": ["SHORT_REST", "OVERLAP"],
            },
        )

        assert response.status_code == 302
        rules = StationScheduleRules.objects.get(station=units["nogales"])
        assert (rules.minimum_rest_hours, rules.initialize_days_ahead) == (10, 21)
        assert rules.blocking == ["SHORT_REST", "OVERLAP"]
        listed = client.get(
            reverse(
                "scheduling:reference", args=[units["nogales"].pk, "schedule-rules"]
            )
        ).content.decode()
        assert "Too little rest between shifts, Shifts overlap" in listed

    def test_a_second_set_of_rules_is_refused(self, client, units, administrator):
        StationScheduleRules.objects.create(station=units["nogales"])
        client.force_login(administrator)

        response = client.post(
            new_url(units, "schedule-rules"),
            {"minimum_rest_hours": "9", "initialize_days_ahead": "14"},
        )

        assert response.status_code == 400
        assert "has its schedule rules already" in response.content.decode()
        assert StationScheduleRules.objects.count() == 1

    def test_a_supervisor_may_not_change_them(self, client, units, people, give):
        give(people["first_line"], "scheduling", "supervisor", "nogales")
        client.force_login(people["first_line"])

        response = client.post(
            new_url(units, "schedule-rules"),
            {"minimum_rest_hours": "1", "initialize_days_ahead": "14"},
        )

        assert response.status_code == 403
        assert not StationScheduleRules.objects.exists()


@pytest.mark.django_db
class TestShiftMinimums:
    def test_only_the_stations_own_shifts(
        self, client, units, administrator, templates
    ):
        theirs = ShiftTemplate.objects.create(
            station=units["ysleta"],
            name="Days",
            kind="DAYS",
            start_time="06:00",
            length_minutes=600,
        )
        client.force_login(administrator)

        refused = client.post(
            new_url(units, "shift-minimums"),
            {"shift_template": theirs.pk, "minimum_agents": "3"},
        )
        kept = client.post(
            new_url(units, "shift-minimums"),
            {"shift_template": templates["days"].pk, "minimum_agents": "3"},
        )

        assert refused.status_code == 400
        assert kept.status_code == 302
        (minimum,) = ShiftMinimum.objects.all()
        assert (minimum.shift_template, minimum.minimum_agents) == (
            templates["days"],
            3,
        )
