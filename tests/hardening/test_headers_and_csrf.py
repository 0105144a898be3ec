"""Every response carries the policy headers; no form or htmx post without CSRF.

The production values of the transport headers and cookie flags are read
from the running product in ``test_production_headers``; here the headers
every mode sends, and the CSRF refusals, through the test client.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from bpets.demo_population import DEMO_PASSWORD
from security.models import AuditEvent, User

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


class TestHeaders:
    def test_the_login_page_carries_the_content_security_policy(self, client):
        response = client.get(reverse("login"))

        assert response.status_code == 200
        assert response["Content-Security-Policy"] == POLICY
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["X-XSS-Protection"] == "1; mode=block"
        assert response["Permissions-Policy"].startswith("accelerometer=(), camera=()")

    def test_a_redirect_and_a_not_found_carry_it_too(self, client):
        redirect = client.get(reverse("home"))
        missing = client.get("/no-such-page/")

        assert redirect.status_code == 302
        assert redirect["Content-Security-Policy"] == POLICY
        assert missing["Content-Security-Policy"] == POLICY

    def test_a_logged_in_page_is_never_cached(self, agent_client):
        response = agent_client.get(reverse("home"))

        assert response.status_code == 200
        assert response["Content-Security-Policy"] == POLICY
        assert response["Cache-Control"] == "private, no-store"

    def test_a_page_that_says_how_to_cache_it_keeps_its_word(self, client):
        response = client.get(reverse("health"))

        assert response["Cache-Control"] == (
            "max-age=0, no-cache, no-store, must-revalidate, private"
        )

    def test_htmx_is_told_not_to_inject_its_style(self, agent_client):
        page = agent_client.get(reverse("home")).content.decode()

        content = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
        config = json.loads(content.group(1))
        assert config["includeIndicatorStyles"] is False
        assert config["allowEval"] is False
        # A refusal that comes with its reason and the form as typed is
        # shown in place; other errors are not swapped in.
        assert {"code": "(400|409)", "swap": True, "error": False} in config[
            "responseHandling"
        ]

    def test_the_cookies_are_http_only_in_every_mode(self, client, demo):
        client.get(reverse("login"))
        csrf_cookie = client.cookies["csrftoken"]

        client.post(
            reverse("login"),
            {"username": "agent", "password": DEMO_PASSWORD, "accept_notice": "on"},
        )
        session_cookie = client.cookies["sessionid"]

        assert csrf_cookie["httponly"] is True
        assert csrf_cookie["samesite"] == "Lax"
        assert session_cookie["httponly"] is True
        assert session_cookie["samesite"] == "Lax"
        assert session_cookie["max-age"] == ""


@pytest.fixture
def strict(demo):
    """A client that checks CSRF tokens, as a browser's server would."""
    return Client(enforce_csrf_checks=True)


class TestCsrf:
    def test_a_login_without_the_token_is_refused(self, strict):
        response = strict.post(
            reverse("login"),
            {"username": "agent", "password": DEMO_PASSWORD, "accept_notice": "on"},
        )

        assert response.status_code == 403
        assert "_auth_user_id" not in strict.session

    def test_a_logged_in_form_without_the_token_is_refused(self, strict):
        agent = User.objects.get(username="agent")
        strict.force_login(agent)
        shown_before = agent.employee.shown_personal_fields

        response = strict.post(
            reverse("staffing:shown-fields"), {"shown": ["mobile_phone"]}
        )

        assert response.status_code == 403
        agent.employee.refresh_from_db()
        assert agent.employee.shown_personal_fields == shown_before

    def test_logging_out_without_the_token_is_refused(self, strict):
        strict.force_login(User.objects.get(username="agent"))

        response = strict.post(reverse("logout"))

        assert response.status_code == 403
        assert strict.get(reverse("home")).status_code == 200

    def test_every_page_gives_htmx_the_token_in_its_header(self, strict):
        strict.force_login(User.objects.get(username="agent"))
        page = strict.get(reverse("home")).content.decode()
        token = page.split('hx-headers=\'{"X-CSRFToken": "', 1)[1].split('"', 1)[0]

        refused = strict.post(reverse("logout"), HTTP_HX_REQUEST="true")
        accepted = strict.post(
            reverse("logout"), HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
        )

        assert refused.status_code == 403
        assert accepted.status_code == 302
        assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT).count() == 1
