import pytest
from django.contrib.messages import get_messages
from django.test import Client

from security.models import AuditEvent

Kind = AuditEvent.Kind
PASSWORD = "a-long-test-password-1"


def log_in(client, username, password=PASSWORD, address="10.1.1.1", notice=True):
    data = {"username": username, "password": password}
    if notice:
        data["accept_notice"] = "on"
    return client.post("/accounts/login/", data, REMOTE_ADDR=address)


def kinds():
    return list(AuditEvent.objects.order_by("id").values_list("kind", flat=True))


@pytest.mark.django_db
class TestLoginPage:
    def test_it_shows_the_system_use_notice(self, client):
        page = client.get("/accounts/login/").content.decode()

        assert "System-use notice" in page
        assert "no reasonable expectation of privacy" in page

    def test_the_notice_must_be_accepted(self, make_user, client):
        make_user("agent1")

        response = log_in(client, "agent1", notice=False)

        assert response.status_code == 200
        assert "Accept the system-use notice to log in." in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_login_and_logout_are_audited_with_the_address(self, make_user, client):
        agent = make_user("agent1")

        log_in(client, "agent1", address="10.2.3.4")
        client.post("/accounts/logout/", REMOTE_ADDR="10.2.3.4")

        login, logout = AuditEvent.objects.order_by("id")
        assert (login.kind, login.actor_id, login.client_address) == (
            Kind.LOGIN,
            agent.pk,
            "10.2.3.4",
        )
        assert (logout.kind, logout.actor_id) == (Kind.LOGOUT, agent.pk)

    def test_a_failed_login_is_audited_without_the_password(self, make_user, client):
        agent = make_user("agent1")

        log_in(client, "agent1", password="wrong-password-typed")

        event = AuditEvent.objects.get(kind=Kind.LOGIN_FAILED)
        assert event.subject_user_id == agent.pk
        assert event.details == {"username": "agent1"}
        assert "wrong-password-typed" not in str(event.details)


@pytest.mark.django_db
class TestOneSession:
    def test_a_second_login_ends_the_first_with_a_message(self, make_user):
        make_user("agent1")
        first, second = Client(), Client()
        log_in(first, "agent1")
        assert first.get("/").status_code == 200

        log_in(second, "agent1")
        response = first.get("/security/organization/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert messages == [
            "You were logged out because your account logged in somewhere else. "
            "Only one session at a time is allowed."
        ]
        assert second.get("/").status_code == 200
        assert kinds() == [Kind.LOGIN, Kind.SESSION_SUPERSEDED, Kind.LOGIN]

    def test_an_idle_session_ends(self, make_user, client, settings):
        settings.SESSION_IDLE_SECONDS = 60
        make_user("agent1")
        log_in(client, "agent1")
        session = client.session
        session["bpets_last_seen"] -= 61
        session.save()

        response = client.get("/")

        assert response["Location"] == "/accounts/login/?next=/"
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert messages == ["You were logged out after 1 minute without activity."]
        event = AuditEvent.objects.get(kind=Kind.SESSION_EXPIRED)
        assert event.details == {"limit": "idle"}

    def test_a_session_ends_at_its_absolute_limit(self, make_user, client, settings):
        settings.SESSION_COOKIE_AGE = 3600
        make_user("agent1")
        log_in(client, "agent1")
        session = client.session
        session["bpets_login_at"] -= 3601
        session.save()

        response = client.get("/")

        assert response.status_code == 302
        event = AuditEvent.objects.get(kind=Kind.SESSION_EXPIRED)
        assert event.details == {"limit": "absolute"}


@pytest.fixture(autouse=False)
def three_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3


@pytest.mark.django_db
@pytest.mark.usefixtures("three_failures")
class TestLockout:
    def test_repeated_failures_lock_that_username_from_that_address(
        self, make_user, client
    ):
        make_user("agent1")
        for _ in range(3):
            log_in(client, "agent1", password="wrong", address="10.9.9.9")

        locked = log_in(client, "agent1", address="10.9.9.9")

        assert locked.status_code == 429
        assert "Too many failed logins" in locked.content.decode()
        assert "Try again in 30 minutes" in locked.content.decode()
        # The third failure locks, and the fourth attempt meets the lock.
        lockouts = AuditEvent.objects.filter(kind=Kind.LOCKOUT)
        assert [event.details for event in lockouts] == [
            {"username": "agent1", "address": "10.9.9.9"}
        ] * 2

    def test_the_same_address_may_still_log_in_another_user(self, make_user, client):
        make_user("agent1")
        make_user("agent2")
        for _ in range(3):
            log_in(client, "agent1", password="wrong", address="10.9.9.9")

        response = log_in(Client(), "agent2", address="10.9.9.9")

        assert response.status_code == 302

    def test_the_same_user_may_log_in_from_another_address(self, make_user, client):
        make_user("agent1")
        for _ in range(3):
            log_in(client, "agent1", password="wrong", address="10.9.9.9")

        response = log_in(Client(), "agent1", address="10.7.7.7")

        assert response.status_code == 302

    def test_an_administrator_lifts_the_lockout_and_it_is_audited(
        self, make_user, sector_admin
    ):
        agent = make_user("agent1")
        for _ in range(3):
            log_in(Client(), "agent1", password="wrong", address="10.9.9.9")
        admin = Client()
        admin.force_login(sector_admin)

        page = admin.get("/security/lockouts/").content.decode()
        assert "Lift lockout of agent1" in page
        admin.post(
            "/security/lockouts/", {"username": "agent1", "ip_address": "10.9.9.9"}
        )

        assert log_in(Client(), "agent1", address="10.9.9.9").status_code == 302
        event = AuditEvent.objects.get(kind=Kind.LOCKOUT_LIFTED)
        assert (event.actor_id, event.subject_user_id) == (sector_admin.pk, agent.pk)
        assert event.details["attempts"] == 1

    def test_an_administrator_of_another_sector_may_not_lift_it(self, make_user, give):
        make_user("agent1")
        other_admin = make_user("epadmin", home="ysleta")
        give(other_admin, "security", "access_administrator", "el_paso")
        for _ in range(3):
            log_in(Client(), "agent1", password="wrong", address="10.9.9.9")
        admin = Client()
        admin.force_login(other_admin)

        admin.post(
            "/security/lockouts/", {"username": "agent1", "ip_address": "10.9.9.9"}
        )

        assert log_in(Client(), "agent1", address="10.9.9.9").status_code == 429
