"""Rate limits on exports (per user) and on login posts (per address)."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from bpets.demo_population import DEMO_PASSWORD
from security import rate_limits
from security.models import AuditEvent, User

Kind = AuditEvent.Kind


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def denials():
    return AuditEvent.objects.filter(kind=Kind.DENIED, details__reason="rate_limit")


class TestTheCounter:
    @override_settings(RATE_LIMITS={"export": (3, 600)})
    def test_the_fourth_in_a_window_is_refused_saying_when_to_retry(self):
        now = 6000.0 + 100  # 100 seconds into a 600-second window

        taken = [rate_limits.take("export", "user:1", now=now) for _ in range(4)]

        assert taken[:3] == [None, None, None]
        assert taken[3] == rate_limits.Refusal("export", 3, 600, retry_after=500)

    @override_settings(RATE_LIMITS={"export": (1, 600)})
    def test_users_count_apart_and_a_new_window_starts_afresh(self):
        assert rate_limits.take("export", "user:1", now=600.0) is None
        assert rate_limits.take("export", "user:2", now=600.0) is None
        assert rate_limits.take("export", "user:1", now=1199.0) is not None
        assert rate_limits.take("export", "user:1", now=1200.0) is None


@pytest.mark.django_db
class TestExports:
    @pytest.fixture(autouse=True)
    def limits(self, settings):
        settings.RATE_LIMITS = {"export": (2, 600), "login": (30, 60)}

    def test_the_third_export_is_refused_with_429_and_audited(self, demo, client):
        supervisor = User.objects.get(username="supervisor")
        client.force_login(supervisor)
        url = reverse("staffing:subordinates-export")

        first, second, third = (client.get(url) for _ in range(3))

        assert [first.status_code, second.status_code] == [200, 200]
        assert first["Content-Type"] == "text/csv; charset=utf-8"
        assert third.status_code == 429
        assert int(third["Retry-After"]) in range(1, 601)
        page = third.content.decode()
        assert "You have reached the limit of 2 exports in 10 minutes." in page
        denial = denials().get()
        assert denial.actor_id == supervisor.pk
        assert denial.details == {
            "reason": "rate_limit",
            "limit": "export",
            "count": 2,
            "seconds": 600,
            "path": url,
        }

    def test_every_export_counts_toward_the_one_limit(self, demo, client):
        supervisor = User.objects.get(username="supervisor")
        client.force_login(supervisor)
        own = reverse("staffing:profile-export", args=[supervisor.employee.pk])

        client.get(reverse("staffing:subordinates-export"))
        client.get(own)
        refused = client.get(own)

        assert refused.status_code == 429
        assert denials().count() == 1

    def test_another_user_still_exports(self, demo, client):
        client.force_login(User.objects.get(username="supervisor"))
        for _ in range(3):
            client.get(reverse("staffing:subordinates-export"))
        agent = User.objects.get(username="agent")
        client.force_login(agent)

        response = client.get(
            reverse("staffing:profile-export", args=[agent.employee.pk])
        )

        assert response.status_code == 200


@pytest.mark.django_db
class TestLogin:
    @pytest.fixture(autouse=True)
    def limits(self, settings):
        settings.RATE_LIMITS = {"export": (30, 600), "login": (3, 60)}

    def post(self, client, username, address="192.0.2.7"):
        return client.post(
            reverse("login"),
            {"username": username, "password": "wrong-password", "accept_notice": "on"},
            REMOTE_ADDR=address,
        )

    def test_one_address_trying_many_usernames_is_stopped(self, demo, client):
        answers = [self.post(client, name) for name in ("a", "b", "c", "d")]

        assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
        assert "Too many login attempts" in answers[3].content.decode()
        denial = denials().get()
        assert denial.client_address == "192.0.2.7"
        assert denial.actor_id is None
        assert denial.details["limit"] == "login"

    def test_a_refused_post_does_not_log_in_even_with_the_right_password(
        self, demo, client
    ):
        for name in ("a", "b", "c"):
            self.post(client, name)

        response = client.post(
            reverse("login"),
            {"username": "agent", "password": DEMO_PASSWORD, "accept_notice": "on"},
            REMOTE_ADDR="192.0.2.7",
        )

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_another_address_is_counted_apart(self, demo, client):
        for name in ("a", "b", "c", "d"):
            self.post(client, name)

        response = self.post(client, "e", address="192.0.2.8")

        assert response.status_code == 200

    def test_reading_the_login_page_is_not_counted(self, demo, client):
        for _ in range(5):
            client.get(reverse("login"), REMOTE_ADDR="192.0.2.7")

        assert self.post(client, "a").status_code == 200
