"""Every kind of audit event is written by the real action that causes it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from security import audit_chain, interfaces, services
from security.models import AuditEvent, User
from security.retention import engine as retention_engine
from security.retention import services as retention_services
from security.services import service_accounts

Kind = AuditEvent.Kind
PASSWORD = "a-long-test-password-1"

# Written by the modules above security, and tested with them.
# Written by the modules above security, and tested from their actions
# there: the G-259's override and reopening in tests/scheduling, the
# snapshot import and the report releases in tests/reporting.
LATER_KINDS = {
    Kind.PERSONAL_DATA_VIEWED,
    Kind.PERSONAL_DATA_SEARCHED,
    Kind.EXPORTED,
    Kind.EMPLOYEES_IMPORTED,
    Kind.ADMIN_CHANGED,
    Kind.CONFLICT_OVERRIDDEN,
    Kind.SCHEDULE_REOPENED,
    Kind.SNAPSHOT_IMPORTED,
    Kind.RELEASE_REQUESTED,
    Kind.RELEASE_DECIDED,
    Kind.INTERFACE_RECEIVED,
    Kind.INTERFACE_PULLED,
}


def log_in(client, username, password=PASSWORD, address="10.1.1.1"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password, "accept_notice": "on"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_each_kind_comes_from_its_action(make_user, give, units, settings):
    settings.AXES_FAILURE_LIMIT = 2
    admin = make_user("sectoradmin")
    give(admin, "staffing", "supervisor", "tucson")
    give(admin, "security", "access_administrator", "tucson")
    give(admin, "security", "security_auditor", "tucson")
    agent = make_user("agent1")
    admin_client, agent_client = Client(), Client()

    log_in(agent_client, "agent1")  # login
    log_in(Client(), "agent1")  # session superseded
    log_in(Client(), "agent1", password="wrong")  # failed login
    log_in(Client(), "agent1", password="wrong")  # lockout
    log_in(admin_client, "sectoradmin")
    admin_client.post(
        "/security/lockouts/", {"username": "agent1", "ip_address": "10.1.1.1"}
    )
    grant = services.grant_role(
        grantor=admin,
        user=agent,
        module="vehicles",
        role="viewer",
        unit=units["nogales"],
        reason="Fleet.",
    )
    services.grant_role(
        grantor=admin,
        user=admin,
        module="vehicles",
        role="viewer",
        unit=units["nogales"],
        reason="Covering.",
    )
    with pytest.raises(services.GrantRefused):
        services.grant_role(
            grantor=admin,
            user=agent,
            module="vehicles",
            role="viewer",
            unit=units["ysleta"],
            reason="Out of scope.",
        )
    services.revoke_grant(revoker=admin, grant=grant, reason="Done.")
    request = services.request_access(
        requester=agent,
        module="checkpoints",
        role="viewer",
        unit=units["nogales"],
        reason="Checkpoint duty.",
    )
    services.decide_access_request(
        decider=admin, access_request=request, approve=False, reason="Not yet."
    )
    Client().get("/reporting/")  # anonymous: sent to login, no denial
    agent_client = Client()
    log_in(agent_client, "agent1", address="10.2.2.2")
    agent_client.get("/reporting/")  # denied
    newcomer = services.create_account(
        creator=admin,
        username="newcomer",
        first_name="New",
        last_name="Comer",
        email="newcomer@demo.bpets.invalid",
        home_unit=units["nogales"],
        password="another-long-password-9",
    )
    services.record_background_investigation(
        actor=admin,
        user=newcomer,
        status=User.Investigation.FAVORABLE,
        completed_on=timezone.localdate(),
    )  # safeguard changed
    services.attest_training(user=agent, completed_on=timezone.localdate())
    newcomer_client = Client()
    log_in(newcomer_client, "newcomer", password="another-long-password-9")
    newcomer_client.post(
        "/security/password/",
        {
            "old_password": "another-long-password-9",
            "new_password1": "newcomers-own-password-3",
            "new_password2": "newcomers-own-password-3",
        },
    )  # password changed
    session = agent_client.session
    session["bpets_last_seen"] -= settings.SESSION_IDLE_SECONDS + 1
    session.save()
    agent_client.get("/")  # session expired
    admin_client.get("/security/audit/", {"kind": "login"})  # audit searched
    agent_client.post("/accounts/logout/")
    log_in(agent_client, "agent1", address="10.3.3.3")
    agent_client.post("/accounts/logout/")  # logout

    with mock.patch.object(audit_chain, "DEFAULT_MARGIN", timedelta(0)):
        call_command("seal_audit", stdout=mock.MagicMock())
    written = set(AuditEvent.objects.values_list("kind", flat=True))
    changed = AuditEvent.objects.get(kind=Kind.PASSWORD_CHANGED, actor_id=newcomer.pk)
    audit_chain.remove_chain_before(changed.pk)  # start of a chain cut
    audit_chain.remove_chain(AuditEvent.chain_for(newcomer.pk))  # chain removed
    keeper, other_keeper = make_user("keeper"), make_user("keeper2")
    give(keeper, "security", "records_administrator", "headquarters")
    give(other_keeper, "security", "records_administrator", "headquarters")
    hold = retention_services.place_hold(actor=keeper, user=agent, reason="Claim.")
    retention_services.lift_hold(actor=other_keeper, hold=hold, reason="Settled.")
    retention_services.choose_source(
        actor=keeper,
        rule_code="security.audit_records",
        source="GRS 3.2, item 031",
        reason="Counsel.",
    )
    retention_engine.run(dry_run=True)  # retention run
    warehouse = service_accounts.create_account(
        admin, partner="warehouse", unit=units["tucson"], name="Warehouse"
    )  # service account created
    token, _ = service_accounts.issue_token(admin, warehouse)  # token issued
    service_accounts.revoke_token(admin, token)  # token revoked
    with pytest.raises(interfaces.SignatureRefused):
        interfaces.check_signature("payroll", b"x", None)  # interface refused
    written |= set(AuditEvent.objects.values_list("kind", flat=True))

    assert set(Kind.values) - written == LATER_KINDS
