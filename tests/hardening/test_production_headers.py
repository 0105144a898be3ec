"""Each header and each cookie flag, as the product sends them in production.

Read from the product itself running in production mode over TLS on a
loopback port (see ``production_server``), not from the settings: what
counts is what leaves the server.
"""

import re
from http.cookies import SimpleCookie

import pytest

from tests.hardening.production_server import cookies_of

pytestmark = [pytest.mark.scan, pytest.mark.django_db]

EXPECTED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


def fetch(production, method, path, body=None, headers=None):
    return production.fetch(method, path, body=body, headers=headers)


def flags(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


def attribute(set_cookie: str, name: str) -> str:
    cookie = SimpleCookie()
    cookie.load(set_cookie)
    (morsel,) = cookie.values()
    return morsel[name]


def log_in(production):
    return production.log_in("agent")[0]


@pytest.fixture(scope="module")
def login_page(production):
    return fetch(production, "GET", "/accounts/login/")[0]


@pytest.fixture(scope="module")
def login(production):
    return log_in(production)


class TestHeaders:
    def test_strict_transport_security_for_a_year_with_subdomains(self, login_page):
        assert login_page.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )

    def test_the_content_security_policy_allows_nothing_inline(self, login_page):
        assert login_page.headers["Content-Security-Policy"] == EXPECTED_POLICY

    def test_no_framing(self, login_page):
        assert login_page.headers["X-Frame-Options"] == "DENY"

    def test_no_content_sniffing(self, login_page):
        assert login_page.headers["X-Content-Type-Options"] == "nosniff"

    def test_the_referrer_stays_on_the_site(self, login_page):
        assert login_page.headers["Referrer-Policy"] == "same-origin"

    def test_cross_origin_isolation_of_windows_and_resources(self, login_page):
        assert login_page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert login_page.headers["Cross-Origin-Resource-Policy"] == "same-origin"
        assert login_page.headers["X-XSS-Protection"] == "1; mode=block"

    def test_browser_features_are_turned_off(self, login_page):
        assert login_page.headers["Permissions-Policy"] == (
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
            "magnetometer=(), microphone=(), payment=(), usb=()"
        )

    def test_static_files_carry_the_policy_too(self, production):
        _, body = fetch(production, "GET", "/accounts/login/")
        stylesheet = re.search(r'href="(/static/css/bpets\.[0-9a-f]+\.css)"', body)

        response, _ = fetch(production, "GET", stylesheet.group(1))

        assert response.status == 200
        assert response.headers["Content-Security-Policy"] == EXPECTED_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"


class TestCookies:
    def test_the_csrf_cookie_is_secure_http_only_host_only(self, production):
        page, _ = fetch(production, "GET", "/accounts/login/")
        csrf_cookie = cookies_of(page)["__Host-csrftoken"]

        assert {"secure", "httponly", "path", "samesite"} <= flags(csrf_cookie)
        assert "domain" not in flags(csrf_cookie)
        assert attribute(csrf_cookie, "path") == "/"
        assert attribute(csrf_cookie, "samesite") == "Lax"

    def test_the_session_cookie_is_secure_http_only_host_only(self, login):
        response = login
        session_cookie = cookies_of(response)["__Host-sessionid"]

        assert response.status == 302
        assert {"secure", "httponly", "path", "samesite"} <= flags(session_cookie)
        assert "domain" not in flags(session_cookie)
        assert attribute(session_cookie, "path") == "/"
        assert attribute(session_cookie, "samesite") == "Lax"
        # Ends with the browser: no expiry date is sent.
        assert "expires" not in flags(session_cookie)
        assert "max-age" not in flags(session_cookie)

    def test_a_logged_in_page_is_never_stored(self, production, login):
        response = login
        session = cookies_of(response)["__Host-sessionid"].split(";", 1)[0]

        page, _ = fetch(production, "GET", "/", headers={"Cookie": session})

        assert page.status == 200
        assert page.headers["Cache-Control"] == "private, no-store"
