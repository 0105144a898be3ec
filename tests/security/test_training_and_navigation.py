from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from security.models import AuditEvent

Kind = AuditEvent.Kind
PASSWORD = "a-long-test-password-1"


def log_in(client, username):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "accept_notice": "on"},
    )


@pytest.mark.django_db
class TestTraining:
    def test_training_a_little_overdue_is_a_warning_at_login(self, make_user, client):
        agent = make_user("agent1")
        agent.security_training_date = timezone.localdate() - timedelta(days=370)
        agent.save()

        response = log_in(client, "agent1")

        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert messages[0].startswith(
            "Your annual security and privacy training is due."
        )
        assert client.get("/").status_code == 200

    def test_training_past_the_grace_period_must_be_attested(self, make_user, client):
        agent = make_user("agent1")
        agent.security_training_date = timezone.localdate() - timedelta(days=400)
        agent.save()
        log_in(client, "agent1")

        response = client.get("/security/organization/")
        assert (
            response["Location"] == "/security/training/?next=/security/organization/"
        )

        completed_on = timezone.localdate() - timedelta(days=2)
        response = client.post(
            "/security/training/",
            {
                "completed_on": completed_on.isoformat(),
                "next": "/security/organization/",
            },
        )

        assert response["Location"] == "/security/organization/"
        agent.refresh_from_db()
        assert agent.security_training_date == completed_on
        event = AuditEvent.objects.get(kind=Kind.TRAINING_ATTESTED)
        assert event.details == {"completed_on": completed_on.isoformat()}
        assert client.get("/security/organization/").status_code == 200

    def test_an_old_training_date_cannot_be_attested(self, make_user, client):
        make_user("agent1", trained=False)
        log_in(client, "agent1")
        old = timezone.localdate() - timedelta(days=366)

        response = client.post("/security/training/", {"completed_on": old.isoformat()})

        assert response.status_code == 400
        page = response.content.decode()
        assert "That training is more than a year old" in page
        assert f'value="{old.isoformat()}"' in page


@pytest.mark.django_db
class TestNavigation:
    def test_the_navigation_shows_only_the_modules_held(self, make_user, give, client):
        agent = make_user("agent1")
        give(agent, "timesheet", "self_service", "nogales")
        client.force_login(agent)

        page = client.get("/").content.decode()

        assert "<span>Security</span>" in page
        assert "<span>Timesheet</span>" in page
        assert "<span>Checkpoints</span>" not in page
        assert "<span>Reporting</span>" not in page
        # The station's fleet opens to every role at the station.
        assert "<span>Vehicles</span>" in page

    def test_a_module_not_held_is_refused_and_audited(self, make_user, client):
        agent = make_user("agent1")
        client.force_login(agent)

        response = client.get("/reporting/")

        assert response.status_code == 403
        event = AuditEvent.objects.get(kind=Kind.DENIED)
        assert (event.actor_id, event.details["path"]) == (agent.pk, "/reporting/")


@pytest.mark.django_db
class TestSafeguardChanges:
    def test_changing_a_users_flags_is_audited(self, make_user, sector_admin):
        agent = make_user("agent1")
        agent.is_staff = True
        agent._history_user = sector_admin
        agent.save()

        event = AuditEvent.objects.get(kind=Kind.SAFEGUARD_CHANGED)
        assert event.actor_id == sector_admin.pk
        assert event.details == {"changed": {"is_staff": [False, True]}}


@pytest.mark.django_db
def test_a_login_outside_a_page_with_training_due_does_not_fail(make_user, client):
    agent = make_user("agent1", trained=False)

    client.force_login(agent)

    assert client.get("/security/training/").status_code == 200
