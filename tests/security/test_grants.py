from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.shortcuts import get_perms

from bpets import clock
from security import policies, services
from security.models import AuditEvent, RoleGrant
from security.services import GrantRefused

Kind = AuditEvent.Kind


def fresh(user):
    """The same user as a new request would see it: no cached grants."""
    return type(user).objects.get(pk=user.pk)


def events(kind):
    return AuditEvent.objects.filter(kind=kind)


@pytest.mark.django_db
class TestGranting:
    def test_an_administrator_grants_within_their_scope(
        self, sector_admin, make_user, units
    ):
        agent = make_user("agent1")

        grant = services.grant_role(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
            reason="Needs to see the fleet.",
        )

        assert grant.starts_on == clock.today_at(units["nogales"])
        assert grant.granted_by == sector_admin
        assert policies.holds_role(fresh(agent), "vehicles", "viewer", units["nogales"])
        event = events(Kind.GRANT).get()
        assert (event.actor_id, event.subject_user_id) == (sector_admin.pk, agent.pk)
        assert event.details["role"] == "vehicles.viewer"
        assert grant.history.first().history_user == sector_admin

    def test_guardian_holds_the_permission_on_the_unit_only(
        self, sector_admin, make_user, units
    ):
        agent = make_user("agent1")

        services.grant_role(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
            reason="Fleet.",
        )

        assert get_perms(agent, units["nogales"]) == ["vehicles__viewer"]
        assert get_perms(agent, units["ajo"]) == []

    def test_a_role_reaches_every_unit_below_its_node(self, make_user, give, units):
        analyst = make_user("analyst1")
        give(analyst, "reporting", "analyst", "tucson")

        assert policies.holds_role(analyst, "reporting", "analyst", units["ajo"])
        assert policies.holds_role(analyst, "reporting", "analyst", units["tucson"])
        assert not policies.holds_role(analyst, "reporting", "analyst", units["ysleta"])
        assert not policies.holds_role(
            analyst, "reporting", "analyst", units["headquarters"]
        )
        assert units["ajo"].pk in policies.reach(analyst, "reporting", "analyst")
        assert len(policies.reach(analyst, "reporting", "analyst")) == 10

    def test_a_grant_that_has_ended_or_not_begun_gives_nothing(
        self, make_user, give, units
    ):
        today = timezone.localdate()
        agent = make_user("agent1")
        give(agent, "vehicles", "viewer", "nogales", ends_on=today - timedelta(days=1))
        give(agent, "checkpoints", "viewer", "nogales", starts_on=today + timedelta(1))

        assert not policies.holds_role(agent, "vehicles", "viewer")
        assert not policies.holds_role(agent, "checkpoints", "viewer")

    def test_checks_after_the_first_run_no_query(self, make_user, give, units):
        agent = make_user("agent1")
        give(agent, "vehicles", "viewer", "nogales")
        agent = fresh(agent)
        policies.holds_role(agent, "vehicles", "viewer", units["nogales"])

        with CaptureQueriesContext(connection) as queries:
            for unit in units.values():
                policies.holds_role(agent, "vehicles", "viewer", unit)
                policies.holds_role(agent, "staffing", "supervisor", unit)
            policies.reach(agent, "vehicles", "viewer")
            policies.modules_of(agent)

        assert len(queries) == 0

    def test_revoking_ends_the_role_and_guardian_row(
        self, sector_admin, make_user, units
    ):
        agent = make_user("agent1")
        grant = services.grant_role(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
            reason="Fleet.",
        )

        services.revoke_grant(revoker=sector_admin, grant=grant, reason="Moved.")

        assert not policies.holds_role(fresh(agent), "vehicles", "viewer")
        assert get_perms(agent, units["nogales"]) == []
        grant.refresh_from_db()
        assert (grant.revoked_by, grant.revocation_reason) == (sector_admin, "Moved.")
        assert events(Kind.REVOKE).get().subject_user_id == agent.pk


@pytest.mark.django_db
class TestRefusals:
    def refused(self, **arguments):
        before = RoleGrant.objects.count()
        with pytest.raises(GrantRefused) as raised:
            services.grant_role(reason="Needed.", **arguments)
        assert RoleGrant.objects.count() == before
        return str(raised.value)

    def test_beyond_the_grantors_scope(self, sector_admin, make_user, units):
        agent = make_user("agent1", home="ysleta")

        message = self.refused(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["ysleta"],
        )

        assert message == (
            "Ysleta Station (El Paso Sector) is outside your administrative "
            "scope for Vehicle viewer."
        )
        event = events(Kind.GRANT_REFUSED).get()
        assert event.details["refusal"] == message

    def test_a_role_the_grantor_does_not_administer(self, make_user, give, units):
        vehicle_admin = make_user("fleetadmin")
        give(vehicle_admin, "vehicles", "vehicle_administrator", "nogales")
        agent = make_user("agent1")

        message = self.refused(
            grantor=vehicle_admin,
            user=agent,
            module="reporting",
            role="analyst",
            unit=units["nogales"],
        )

        assert message == "You do not administer the role Analyst."

    def test_a_module_administrator_grants_only_their_modules_roles(
        self, make_user, give, units
    ):
        vehicle_admin = make_user("fleetadmin")
        give(vehicle_admin, "vehicles", "vehicle_administrator", "nogales")
        agent = make_user("agent1")

        services.grant_role(
            grantor=vehicle_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
            reason="Fleet.",
        )

        assert policies.holds_role(fresh(agent), "vehicles", "viewer")

    def test_without_a_favorable_background_investigation(
        self, sector_admin, make_user, units
    ):
        newcomer = make_user("newcomer", investigated=False)

        message = self.refused(
            grantor=sector_admin,
            user=newcomer,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
        )

        assert message == (
            "newcomer has no favorable background investigation on record."
        )

    def test_a_self_grant_by_anyone_but_an_access_administrator(
        self, make_user, give, units
    ):
        vehicle_admin = make_user("fleetadmin")
        give(vehicle_admin, "vehicles", "vehicle_administrator", "nogales")

        message = self.refused(
            grantor=vehicle_admin,
            user=vehicle_admin,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
        )

        assert message == "Only an access administrator may grant a role to themselves."

    def test_a_self_grant_by_an_access_administrator_is_a_security_event(
        self, sector_admin, units
    ):
        services.grant_role(
            grantor=sector_admin,
            user=sector_admin,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
            reason="Covering the fleet desk.",
        )

        event = events(Kind.SELF_GRANT).get()
        assert event.actor_id == event.subject_user_id == sector_admin.pk
        assert not events(Kind.GRANT).exists()

    def test_a_system_administration_role_to_a_non_supervisor(
        self, sector_admin, make_user, units
    ):
        agent = make_user("agent1")

        message = self.refused(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="vehicle_administrator",
            unit=units["nogales"],
        )

        assert message == (
            "Vehicle administrator is a system-administration role; it goes "
            "only to supervisors or above."
        )

    def test_a_system_administration_role_to_a_supervisor(
        self, sector_admin, make_user, give, units
    ):
        supervisor = make_user("super1")
        give(supervisor, "staffing", "supervisor", "nogales")

        services.grant_role(
            grantor=sector_admin,
            user=supervisor,
            module="vehicles",
            role="vehicle_administrator",
            unit=units["nogales"],
            reason="Runs the fleet.",
        )

        assert policies.holds_role(
            fresh(supervisor), "vehicles", "vehicle_administrator"
        )

    def test_without_a_reason(self, sector_admin, make_user, units):
        agent = make_user("agent1")

        with pytest.raises(GrantRefused, match="Say why the role is granted."):
            services.grant_role(
                grantor=sector_admin,
                user=agent,
                module="vehicles",
                role="viewer",
                unit=units["nogales"],
                reason="  ",
            )

    def test_ending_before_it_starts(self, sector_admin, make_user, units):
        agent = make_user("agent1")

        message = self.refused(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
            starts_on=timezone.localdate() + timedelta(days=2),
            ends_on=timezone.localdate() + timedelta(days=1),
        )

        assert message == "The grant cannot end before it starts."

    def test_a_role_already_held(self, sector_admin, make_user, give, units):
        agent = make_user("agent1")
        give(agent, "vehicles", "viewer", "nogales")

        message = self.refused(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["nogales"],
        )

        assert message == (
            "agent1 already holds Vehicle viewer over Nogales Station (Tucson Sector)."
        )

    def test_a_role_not_in_the_catalog(self, sector_admin, make_user, units):
        agent = make_user("agent1")

        message = self.refused(
            grantor=sector_admin,
            user=agent,
            module="vehicles",
            role="driver",
            unit=units["nogales"],
        )

        assert message == "There is no role vehicles.driver."

    def test_revoking_outside_ones_scope(self, sector_admin, make_user, give, units):
        agent = make_user("agent1", home="ysleta")
        grant = give(agent, "vehicles", "viewer", "ysleta")

        with pytest.raises(GrantRefused, match="outside your administrative scope"):
            services.revoke_grant(revoker=sector_admin, grant=grant, reason="No.")

        grant.refresh_from_db()
        assert grant.revoked_at is None
        assert events(Kind.DENIED).get().details["action"] == "revoke"


@pytest.mark.django_db
class TestDeactivation:
    def test_it_disables_the_login_ends_sessions_and_revokes_every_grant(
        self, sector_admin, make_user, give, units, client
    ):
        agent = make_user("agent1")
        give(agent, "vehicles", "viewer", "nogales")
        give(agent, "timesheet", "self_service", "nogales")
        client.post(
            "/accounts/login/",
            {
                "username": "agent1",
                "password": "a-long-test-password-1",
                "accept_notice": "on",
            },
        )
        assert client.get("/").status_code == 200

        services.deactivate_account(actor=sector_admin, user=agent, reason="Left.")

        agent.refresh_from_db()
        assert not agent.is_active
        assert not RoleGrant.objects.filter(user=agent, revoked_at__isnull=True)
        assert get_perms(agent, units["nogales"]) == []
        assert client.get("/").status_code == 302
        assert events(Kind.REVOKE).get().details == {
            "all_grants": True,
            "account_disabled": True,
        }
        assert events(Kind.SAFEGUARD_CHANGED).get().details == {
            "changed": {"is_active": [True, False]}
        }

    def test_an_administrator_cannot_disable_themselves(self, sector_admin):
        with pytest.raises(GrantRefused, match="your own account"):
            services.deactivate_account(
                actor=sector_admin, user=sector_admin, reason="Oops."
            )

    def test_the_person_page_offers_it_once_under_a_plain_title(
        self, sector_admin, make_user, client
    ):
        agent = make_user("agent1")
        client.force_login(sector_admin)

        page = client.get(f"/security/people/{agent.pk}/").content.decode()

        assert "<title>Agent1 Tester · BPETS</title>" in page
        assert page.count("<h2>Disable the account</h2>") == 1

    def test_the_person_page_is_not_found_outside_the_scope(
        self, sector_admin, make_user, client
    ):
        stranger = make_user("stranger", home="ysleta")
        client.force_login(sector_admin)

        response = client.get(f"/security/people/{stranger.pk}/")
        missing = client.get("/security/people/999999/")

        assert response.status_code == missing.status_code == 404
        # Probing someone who exists outside the scope is a denied attempt.
        event = events(Kind.DENIED).get(details__action="see person")
        assert event.details == {
            "action": "see person",
            "object": "security.User",
            "id": stranger.pk,
        }


@pytest.mark.django_db
class TestSafeguardRoles:
    def test_nobody_grants_themselves_a_security_role(self, sector_admin, units):
        with pytest.raises(GrantRefused) as raised:
            services.grant_role(
                grantor=sector_admin,
                user=sector_admin,
                module="security",
                role="security_auditor",
                unit=units["nogales"],
                reason="I will audit myself.",
            )

        assert str(raised.value) == (
            "Nobody may grant themselves Security auditor; ask another administrator."
        )

    def test_a_supervisor_role_does_not_make_someone_nobody_reports_to_a_supervisor(
        self, sector_admin, make_user, give, units
    ):
        from staffing.models import Employee

        agent = make_user("agent1")
        Employee.objects.create(
            user=agent,
            first_name="Agent",
            last_name="One",
            job_title="Border Patrol Agent",
            duty_station=units["nogales"],
            work_street="1 Station Road",
            work_city="Nogales",
            work_state="AZ",
            work_zip="85621",
        )
        give(agent, "timesheet", "supervisor", "nogales")

        with pytest.raises(GrantRefused, match="supervisors or above"):
            services.grant_role(
                grantor=sector_admin,
                user=agent,
                module="security",
                role="security_auditor",
                unit=units["nogales"],
                reason="Audit.",
            )

    def test_a_grant_cannot_start_in_the_past(self, sector_admin, make_user, units):
        agent = make_user("agent1")

        with pytest.raises(GrantRefused, match="cannot start in the past"):
            services.grant_role(
                grantor=sector_admin,
                user=agent,
                module="vehicles",
                role="viewer",
                unit=units["nogales"],
                reason="Backdated.",
                starts_on=clock.today_at(units["nogales"]) - timedelta(days=1),
            )

    def test_nobody_records_their_own_background_investigation(self, sector_admin):
        with pytest.raises(GrantRefused, match="their own background investigation"):
            services.record_background_investigation(
                actor=sector_admin,
                user=sector_admin,
                status="FAVORABLE",
                completed_on=timezone.localdate(),
            )


@pytest.mark.django_db
def test_a_disabled_user_is_told_so_once(sector_admin, make_user, client):
    agent = make_user("agent1")
    client.force_login(agent)
    services.deactivate_account(actor=sector_admin, user=agent, reason="Left.")

    first = client.get("/security/access/")
    login_page = client.get(first["Location"]).content.decode()
    again = client.get("/accounts/login/").content.decode()

    message = "Your account has been disabled. Ask your access administrator."
    assert login_page.count(message) == 1
    assert message not in again
