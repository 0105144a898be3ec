from datetime import date

import pytest
from django.urls import reverse

from scheduling import catalog, services
from scheduling.models import (
    Activity,
    PayPeriod,
    ShiftTemplate,
    SubActivity,
    Workgroup,
    Zone,
    ZoneTechnology,
)
from security.models import AuditEvent


@pytest.fixture
def keeper(make_user, give):
    """A scheduling administrator at Nogales."""
    user = make_user("keeper")
    give(user, "scheduling", "scheduling_administrator", "nogales")
    return user


@pytest.fixture
def reader(make_user, give):
    user = make_user("reader")
    give(user, "scheduling", "supervisor", "nogales")
    return user


def url(name, station, kind, *extra):
    return reverse(f"scheduling:{name}", args=[station.pk, kind, *extra])


@pytest.mark.django_db
class TestCatalogAndCalendar:
    def test_the_national_catalog_is_there_after_migrating(self):
        national = Activity.objects.filter(station__isnull=True)

        assert set(national.values_list("code", flat=True)) == set(catalog.ACTIVITIES)
        assert national.get(code="patrol-border").is_enforcement
        assert not national.get(code="training").is_enforcement
        assert set(
            SubActivity.objects.filter(activity__code="patrol-border").values_list(
                "code", flat=True
            )
        ) >= {"linewatch", "traffic-check", "transportation-check", "sign-cutting"}

    def test_syncing_again_changes_nothing(self):
        before = list(SubActivity.objects.values_list("pk", "name", "is_active"))

        catalog.sync_catalog()

        assert list(SubActivity.objects.values_list("pk", "name", "is_active")) == (
            before
        )

    def test_pay_period_rows_follow_the_grid_and_are_made_once(self):
        first = services.ensure_pay_periods(2026)
        again = services.ensure_pay_periods(2026)

        assert len(first) == 26
        assert [row.pk for row in again] == [row.pk for row in first]
        assert PayPeriod.objects.filter(year=2026).count() == 26
        assert (first[0].start_date, first[0].end_date) == (
            date(2026, 1, 11),
            date(2026, 1, 24),
        )
        assert str(services.pay_period_row(date(2026, 7, 4))) == (
            "PP 13/2026 (28 Jun – 11 Jul 2026)"
        )


@pytest.mark.django_db
class TestKeeping:
    def test_an_administrator_adds_a_zone_to_their_station(self, client, keeper, units):
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["nogales"], "zones"),
            {
                "code": "Z09",
                "name": "North wash",
                "minimum_agents": "2",
                "is_active": "on",
                # Crafted: the station comes from the address, never the form.
                "station": units["ysleta"].pk,
            },
        )

        assert response.status_code == 302
        zone = Zone.objects.get(code="Z09")
        assert zone.station == units["nogales"]
        assert zone.history.get().history_user == keeper

    def test_another_stations_administrator_is_refused_and_audited(
        self, client, keeper, units
    ):
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["ysleta"], "zones"),
            {"code": "Z01", "name": "Theirs", "minimum_agents": "0"},
        )

        assert response.status_code == 403
        assert not Zone.objects.filter(station=units["ysleta"]).exists()
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.DENIED, actor_id=keeper.pk
        ).exists()

    def test_a_supervisor_reads_but_does_not_keep(self, client, reader, units):
        Zone.objects.create(station=units["nogales"], code="Z01", name="West")
        client.force_login(reader)

        listing = client.get(url("reference", units["nogales"], "zones"))
        adding = client.get(url("reference-new", units["nogales"], "zones"))

        assert listing.status_code == 200
        assert b"West" in listing.content
        assert b">Add<" not in listing.content
        assert adding.status_code == 403

    def test_someone_without_a_scheduling_role_reads_nothing(
        self, client, make_user, units
    ):
        client.force_login(make_user("stranger"))

        response = client.get(url("reference", units["nogales"], "zones"))

        assert response.status_code == 403

    def test_technology_goes_only_into_the_stations_zones(self, client, keeper, units):
        theirs = Zone.objects.create(station=units["ysleta"], code="Y1", name="Theirs")
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["nogales"], "technology"),
            {
                "zone": theirs.pk,
                "category": "PERMANENT",
                "kind": "TOWER",
                "identifier": "T-1",
                "status": "OPERATIONAL",
                "deployed_on": "2025-01-01",
            },
        )

        assert response.status_code == 400
        assert "Select a valid choice" in str(response.context["form"].errors["zone"])
        assert b'value="T-1"' in response.content
        assert not ZoneTechnology.objects.exists()

    def test_technology_removed_before_it_was_deployed_is_refused(
        self, client, keeper, units
    ):
        zone = Zone.objects.create(station=units["nogales"], code="Z1", name="West")
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["nogales"], "technology"),
            {
                "zone": zone.pk,
                "category": "MOBILE",
                "kind": "SCOPE_TRUCK",
                "identifier": "ST-1",
                "status": "REMOVED",
                "deployed_on": "2025-06-01",
                "removed_on": "2025-05-01",
            },
        )

        assert response.status_code == 400
        assert not ZoneTechnology.objects.exists()

    def test_a_team_needs_a_unit(self, client, keeper, units):
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["nogales"], "workgroups"),
            {"kind": "TEAM", "name": "Team A"},
        )

        assert response.status_code == 400
        assert not Workgroup.objects.exists()

    def test_a_shift_longer_than_sixteen_hours_is_refused(self, client, keeper, units):
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["nogales"], "shift-templates"),
            {
                "name": "Marathon",
                "kind": "OTHER",
                "start_time": "06:00",
                "length_minutes": "1200",
                "is_active": "on",
            },
        )

        assert response.status_code == 400
        # Beside the length typed, not above the form.
        assert response.context["form"].errors == {
            "length_minutes": ["A shift lasts from 1 to 16 hours."]
        }
        assert 'id="id_length_minutes_error"' in response.content.decode()
        assert not ShiftTemplate.objects.exists()

    def test_the_national_catalog_is_kept_at_headquarters(
        self, client, keeper, make_user, give, units
    ):
        linewatch = Activity.objects.get(code="patrol-border", station=None)
        client.force_login(keeper)

        from_a_station = client.post(
            url("reference-edit", units["nogales"], "activities", linewatch.pk),
            {"code": "patrol-border", "name": "Renamed", "is_enforcement": "on"},
        )

        assert from_a_station.status_code == 403
        national_keeper = make_user("national")
        give(national_keeper, "scheduling", "scheduling_administrator", "headquarters")
        client.force_login(national_keeper)
        at_headquarters = client.post(
            reverse("scheduling:national-edit", args=["activities", linewatch.pk]),
            {
                "code": "patrol-border",
                "name": "Patrol the border",
                "is_enforcement": "on",
                "is_active": "on",
            },
        )
        assert at_headquarters.status_code == 302
        linewatch.refresh_from_db()
        assert linewatch.name == "Patrol the border"
        assert linewatch.station is None

    def test_a_station_adds_its_own_activity_beside_the_catalog(
        self, client, keeper, units
    ):
        client.force_login(keeper)

        response = client.post(
            url("reference-new", units["nogales"], "activities"),
            {
                "code": "port-support",
                "name": "Port support",
                "is_enforcement": "on",
                "is_active": "on",
            },
        )

        assert response.status_code == 302
        own = Activity.objects.get(code="port-support")
        assert own.station == units["nogales"]
        listing = client.get(url("reference", units["nogales"], "activities"))
        assert b"Port support" in listing.content
        assert b"Patrol border" in listing.content


@pytest.mark.django_db
def test_the_demo_gives_the_station_its_reference_data(demo, client, units):
    from security.models import User

    client.force_login(User.objects.get(username="supervisor"))

    response = client.get(url("reference", units["nogales"], "zones"))

    assert response.status_code == 200
    assert list(
        Zone.objects.filter(station=units["nogales"]).values_list("code", flat=True)
    ) == ["Z01", "Z02", "Z03"]
    assert b">Add<" in response.content


@pytest.mark.django_db
def test_a_code_taken_between_the_check_and_the_save_is_refused(
    keeper, units, monkeypatch
):
    from django.core.exceptions import ValidationError

    from scheduling import reference

    Zone.objects.create(station=units["nogales"], code="Z1", name="West")
    # As if a second administrator's check ran before the first one's save.
    monkeypatch.setattr(Zone, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(Zone, "validate_constraints", lambda self, exclude=None: None)

    with pytest.raises(ValidationError, match="Someone saved the same record"):
        reference.save(
            actor=keeper,
            record=Zone(code="Z1", name="Also west"),
            station=units["nogales"],
        )

    assert Zone.objects.filter(station=units["nogales"], code="Z1").count() == 1
