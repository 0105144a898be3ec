import pytest

from security import policies, providers, services
from security.models import AccessRequest, AuditEvent
from security.services.access_requests import AccessRequestRefused

Route = AccessRequest.Route
Status = AccessRequest.Status


@pytest.fixture
def chain_of_command():
    """Staffing's provider, as it will register it: a fixed supervisor map."""
    supervisors = {}
    registered = providers.chain_of_command_provider()
    providers.register_chain_of_command(
        supervisor_of=lambda user: supervisors.get(user.pk),
        is_supervisory=lambda user: user.pk in {s.pk for s in supervisors.values()},
    )
    yield supervisors
    providers.register_chain_of_command(
        supervisor_of=registered[0], is_supervisory=registered[1]
    )


def ask(user, unit, module="timesheet", role="self_service"):
    return services.request_access(
        requester=user, module=module, role=role, unit=unit, reason="New at Nogales."
    )


@pytest.mark.django_db
class TestRouting:
    def test_it_goes_to_the_supervisor_who_can_grant_it(
        self, chain_of_command, make_user, give, units
    ):
        agent, supervisor = make_user("agent1"), make_user("super1")
        give(supervisor, "staffing", "supervisor", "nogales")
        chain_of_command[agent.pk] = supervisor

        access_request = ask(agent, units["nogales"])

        assert access_request.route == Route.SUPERVISOR
        assert access_request.routed_to == supervisor
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCESS_REQUESTED)
        assert event.details["route"] == "SUPERVISOR"

    def test_it_goes_to_the_administrators_when_the_supervisor_cannot_grant(
        self, chain_of_command, make_user, give, units
    ):
        agent, supervisor = make_user("agent1"), make_user("super1")
        give(supervisor, "staffing", "supervisor", "nogales")
        chain_of_command[agent.pk] = supervisor

        # A staffing supervisor does not administer the vehicle viewer role.
        access_request = ask(agent, units["nogales"], "vehicles", "viewer")

        assert access_request.route == Route.ADMINISTRATORS
        assert access_request.routed_to is None

    def test_it_goes_to_the_administrators_when_no_supervisor_is_known(
        self, chain_of_command, make_user, units
    ):
        agent = make_user("agent1")

        access_request = ask(agent, units["nogales"])

        assert access_request.route == Route.ADMINISTRATORS

    def test_a_request_without_a_reason_is_refused(self, make_user, units):
        agent = make_user("agent1")

        with pytest.raises(AccessRequestRefused, match="Say why you need the role."):
            services.request_access(
                requester=agent,
                module="vehicles",
                role="viewer",
                unit=units["nogales"],
                reason="",
            )

        assert not AccessRequest.objects.exists()

    def test_asking_twice_is_refused(self, make_user, units):
        agent = make_user("agent1")
        ask(agent, units["nogales"])

        with pytest.raises(AccessRequestRefused, match="already asked"):
            ask(agent, units["nogales"])


@pytest.mark.django_db
class TestDeciding:
    def test_the_supervisor_grants_and_both_see_it(
        self, chain_of_command, make_user, give, units, client
    ):
        agent, supervisor = make_user("agent1"), make_user("super1")
        give(supervisor, "staffing", "supervisor", "nogales")
        chain_of_command[agent.pk] = supervisor
        access_request = ask(agent, units["nogales"])

        services.decide_access_request(
            decider=supervisor,
            access_request=access_request,
            approve=True,
            reason="Welcome aboard.",
        )

        access_request.refresh_from_db()
        assert access_request.status == Status.GRANTED
        assert access_request.grants.get().granted_by == supervisor
        agent = type(agent).objects.get(pk=agent.pk)
        assert policies.holds_role(agent, "timesheet", "self_service", units["nogales"])
        client.force_login(agent)
        page = client.get("/security/access/").content.decode()
        assert "Granted: Welcome aboard." in page

    def test_an_administrator_refuses_with_a_reason(
        self, sector_admin, make_user, units
    ):
        agent = make_user("agent1")
        access_request = ask(agent, units["nogales"], "vehicles", "viewer")

        services.decide_access_request(
            decider=sector_admin,
            access_request=access_request,
            approve=False,
            reason="Ask your supervisor for a fleet need first.",
        )

        access_request.refresh_from_db()
        assert access_request.status == Status.REFUSED
        assert access_request.decision_reason == (
            "Ask your supervisor for a fleet need first."
        )
        assert not access_request.grants.exists()
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCESS_DECIDED)
        assert event.details == {"status": "REFUSED"}

    def test_nobody_else_may_decide(self, make_user, give, units):
        agent, bystander = make_user("agent1"), make_user("other")
        access_request = ask(agent, units["nogales"])

        with pytest.raises(AccessRequestRefused, match="not yours to decide"):
            services.decide_access_request(
                decider=bystander,
                access_request=access_request,
                approve=True,
                reason="Sure.",
            )

        access_request.refresh_from_db()
        assert access_request.status == Status.PENDING

    def test_the_administrator_sees_it_among_requests_to_decide(
        self, sector_admin, make_user, units, client
    ):
        agent = make_user("agent1")
        ask(agent, units["nogales"], "vehicles", "viewer")
        client.force_login(sector_admin)

        page = client.get("/security/access/to-decide/").content.decode()

        assert "Agent1 Tester asks for Vehicle viewer over Nogales Station" in page


@pytest.mark.django_db
def test_the_request_form_lists_units_headquarters_first_then_by_sector(
    make_user, client
):
    client.force_login(make_user("agent1"))

    page = client.get("/security/access/").content.decode()

    assert '<option value="" selected>Choose a role</option>' in page
    assert "Security: Access administrator" not in page
    headquarters = page.index(">U.S. Border Patrol Headquarters</option>")
    big_bend = page.index(">Big Bend Sector</option>")
    alpine = page.index(">Alpine Station (Big Bend Sector)</option>")
    blaine = page.index(">Blaine Sector</option>")
    assert headquarters < big_bend < alpine < blaine
