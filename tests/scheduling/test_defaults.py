import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling import pay_periods
from scheduling.models import (
    Activity,
    ScheduleDefault,
    ShiftTemplate,
    SubActivity,
    Zone,
)
from security.models import AuditEvent

THIS_YEAR = pay_periods.containing(timezone.localdate()).year


@pytest.fixture
def station_data(units):
    nogales, ysleta = units["nogales"], units["ysleta"]
    return {
        "days": ShiftTemplate.objects.create(
            station=nogales,
            name="Days",
            kind="DAYS",
            start_time="06:00",
            length_minutes=600,
        ),
        "zone": Zone.objects.create(station=nogales, code="Z1", name="West"),
        "their_zone": Zone.objects.create(station=ysleta, code="Y1", name="Theirs"),
        "linewatch": SubActivity.objects.get(code="linewatch", station=None),
        "patrol": Activity.objects.get(code="patrol-border", station=None),
    }


@pytest.fixture
def scheduling_chain(people, give):
    """The first-line supervisor holds the scheduling supervisor role."""
    give(people["first_line"], "scheduling", "supervisor", "nogales")
    give(people["peer"], "scheduling", "supervisor", "nogales")
    return people


def post(station_data, **changes):
    values = {
        "shift_template": station_data["days"].pk,
        "first_day_off": "1",
        "second_day_off": "2",
        "in_lieu_of_sunday": "2",
        "activity": station_data["patrol"].pk,
        "sub_activity": station_data["linewatch"].pk,
        "zone": station_data["zone"].pk,
        "work_status": "FULL_DUTY",
        "overtime_level": "LEVEL_1",
        "overtime_year": str(THIS_YEAR),
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def edit_url(employee):
    return reverse("scheduling:default", args=[employee.pk])


@pytest.mark.django_db
class TestSetting:
    def test_the_supervisor_sets_a_subordinates_defaults(
        self, client, scheduling_chain, station_data
    ):
        subject = scheduling_chain["subject"]
        client.force_login(scheduling_chain["first_line"])

        response = client.post(edit_url(subject), post(station_data))

        assert response.status_code == 302
        default = ScheduleDefault.objects.get(employee=subject)
        assert default.days_off == {1, 2}
        assert default.in_lieu_of_sunday == 2
        assert default.history.get().history_user == scheduling_chain["first_line"]

    def test_a_supervisor_outside_the_chain_is_refused_and_audited(
        self, client, scheduling_chain, station_data
    ):
        client.force_login(scheduling_chain["peer"])

        response = client.post(
            edit_url(scheduling_chain["subject"]), post(station_data)
        )

        assert response.status_code == 403
        assert not ScheduleDefault.objects.exists()
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.DENIED, actor_id=scheduling_chain["peer"].pk
        ).exists()

    def test_the_chain_without_the_scheduling_role_is_refused(
        self, client, people, station_data
    ):
        client.force_login(people["second_line"])

        response = client.post(edit_url(people["subject"]), post(station_data))

        assert response.status_code == 403

    def test_the_stations_administrator_sets_anyones(
        self, client, people, make_user, give, station_data
    ):
        administrator = make_user("schedadmin")
        give(administrator, "scheduling", "scheduling_administrator", "nogales")
        client.force_login(administrator)

        response = client.post(edit_url(people["peer"].employee), post(station_data))

        assert response.status_code == 302
        assert ScheduleDefault.objects.filter(employee=people["peer"].employee).exists()

    def test_another_stations_zone_is_not_offered(
        self, client, scheduling_chain, station_data
    ):
        client.force_login(scheduling_chain["first_line"])

        response = client.post(
            edit_url(scheduling_chain["subject"]),
            post(station_data, zone=station_data["their_zone"].pk),
        )

        assert response.status_code == 400
        assert "Select a valid choice" in str(response.context["form"].errors["zone"])
        assert not ScheduleDefault.objects.exists()

    @pytest.mark.parametrize(
        ("first", "second", "in_lieu", "message"),
        [
            ("1", "1", "1", "The two regular days off must differ."),
            ("1", "2", None, "designates one of their days off in lieu of Sunday"),
            ("1", "2", "4", "designates one of their days off in lieu of Sunday"),
            ("0", "1", "1", "someone off on Sundays designates none"),
        ],
    )
    def test_days_off_and_the_day_in_lieu_of_sunday(
        self, client, scheduling_chain, station_data, first, second, in_lieu, message
    ):
        client.force_login(scheduling_chain["first_line"])

        response = client.post(
            edit_url(scheduling_chain["subject"]),
            post(
                station_data,
                first_day_off=first,
                second_day_off=second,
                in_lieu_of_sunday=in_lieu,
            ),
        )

        assert response.status_code == 400
        assert message in response.content.decode()
        assert not ScheduleDefault.objects.exists()

    def test_off_on_sundays_needs_no_day_in_lieu(
        self, client, scheduling_chain, station_data
    ):
        client.force_login(scheduling_chain["first_line"])

        response = client.post(
            edit_url(scheduling_chain["subject"]),
            post(
                station_data,
                first_day_off="0",
                second_day_off="6",
                in_lieu_of_sunday=None,
            ),
        )

        assert response.status_code == 302

    def test_nobody_sets_their_own_defaults(
        self, client, people, make_user, give, station_data
    ):
        give(people["self"], "scheduling", "scheduling_administrator", "nogales")
        client.force_login(people["self"])

        response = client.post(edit_url(people["subject"]), post(station_data))

        assert response.status_code == 403
        assert not ScheduleDefault.objects.exists()

    @pytest.mark.parametrize("year", [THIS_YEAR - 1, THIS_YEAR + 2])
    def test_the_overtime_level_is_elected_for_this_year_or_the_next(
        self, client, scheduling_chain, station_data, year
    ):
        client.force_login(scheduling_chain["first_line"])

        response = client.post(
            edit_url(scheduling_chain["subject"]),
            post(station_data, overtime_year=str(year)),
        )

        assert response.status_code == 400
        assert (
            f"The overtime level is elected for {THIS_YEAR} or {THIS_YEAR + 1}."
            in response.content.decode()
        )
        assert not ScheduleDefault.objects.exists()

    def test_the_list_holds_the_people_below_in_the_chain(
        self, client, scheduling_chain
    ):
        client.force_login(scheduling_chain["first_line"])

        response = client.get(reverse("scheduling:defaults"))

        assert [person.full_name for person in response.context["people"]] == [
            "Subject Tester"
        ]


@pytest.mark.django_db
class TestProfilePanel:
    @pytest.fixture
    def with_default(self, scheduling_chain, station_data):
        return ScheduleDefault.objects.create(
            employee=scheduling_chain["subject"],
            shift_template=station_data["days"],
            first_day_off=1,
            second_day_off=2,
            in_lieu_of_sunday=2,
            activity=station_data["patrol"],
            sub_activity=station_data["linewatch"],
            overtime_year=2026,
        )

    def profile(self, client, user, employee):
        client.force_login(user)
        return client.get(reverse("staffing:profile", args=[employee.pk]))

    def test_the_person_and_their_chain_see_it(self, client, people, with_default):
        for viewer in ("self", "first_line", "second_line"):
            response = self.profile(client, people[viewer], people["subject"])

            assert b"Schedule defaults" in response.content
            assert b"Monday and Tuesday" in response.content

    def test_a_colleague_without_a_scheduling_role_does_not(
        self, client, people, with_default
    ):
        response = self.profile(client, people["other_chain"], people["subject"])

        assert b"Schedule defaults" not in response.content
