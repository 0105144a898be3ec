"""Signatures of data exchanged with partner systems, and service tokens."""

import hashlib
import hmac
import json

import pytest
from django.http import JsonResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from security import interfaces
from security.models import AuditEvent, ServiceAccount, ServiceToken
from security.services import grant_role, service_accounts
from security.services.grants import GrantRefused

Kind = AuditEvent.Kind
KEYS = {"payroll": "p" * 40, "enforcement": "e" * 40, "warehouse": ""}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organization")]


@pytest.fixture(autouse=True)
def partner_keys():
    with override_settings(INTERFACE_KEYS=KEYS):
        yield


def refusals():
    return list(
        AuditEvent.objects.filter(kind=Kind.INTERFACE_REFUSED).values_list(
            "details", flat=True
        )
    )


def test_the_signature_is_the_hmac_sha256_of_the_bytes_under_the_partners_key():
    body = b"hash_id,grade\n" + b"a" * 64 + b",12\n"
    expected = hmac.new(b"p" * 40, body, hashlib.sha256).hexdigest()

    assert interfaces.signature_of("payroll", body) == f"sha256={expected}"
    assert interfaces.signature_of("enforcement", body) != f"sha256={expected}"


def test_a_good_signature_passes_and_records_nothing():
    body = b'{"event_number": "TCA-1"}'

    interfaces.check_signature(
        "enforcement", body, interfaces.signature_of("enforcement", body)
    )

    assert refusals() == []


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        (None, "unsigned"),
        ("", "unsigned"),
        ("sha256=" + "0" * 64, "bad_signature"),
        # Signed under another partner's key.
        ("other", "bad_signature"),
    ],
)
def test_unsigned_or_badly_signed_data_is_refused_and_audited(signature, reason):
    body = b"line one\n"
    if signature == "other":
        signature = interfaces.signature_of("enforcement", body)

    with pytest.raises(interfaces.SignatureRefused):
        interfaces.check_signature(
            "payroll", body, signature, details={"file": "extract.csv"}
        )

    assert refusals() == [
        {"partner": "payroll", "reason": reason, "file": "extract.csv"}
    ]


def test_a_changed_byte_breaks_the_signature():
    body = b"grade,12\n"
    signature = interfaces.signature_of("payroll", body)

    with pytest.raises(interfaces.SignatureRefused, match="does not match"):
        interfaces.check_signature("payroll", b"grade,13\n", signature)


def test_a_partner_without_a_key_refuses_everything():
    with pytest.raises(interfaces.SignatureRefused, match="No key"):
        interfaces.check_signature("warehouse", b"x", "sha256=" + "0" * 64)

    assert refusals() == [{"partner": "warehouse", "reason": "no_key"}]


def test_the_detached_signature_is_read_from_beside_the_file(tmp_path):
    data = tmp_path / "extract.csv"
    data.write_bytes(b"x\n")

    assert interfaces.detached_signature(data) is None
    (tmp_path / "extract.csv.sig").write_text("sha256=abc\n")
    assert interfaces.detached_signature(data) == "sha256=abc"


@pytest.fixture
def warehouse(sector_admin, units):
    return service_accounts.create_account(
        sector_admin, partner="warehouse", unit=units["tucson"], name="Data warehouse"
    )


@interfaces.service_endpoint("warehouse")
def pull(request):
    return JsonResponse({"account": request.service_account.pk})


def call(token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return pull(RequestFactory().get("/extract/", **headers))


def test_a_service_account_cannot_sign_in_and_holds_no_roles(
    warehouse, sector_admin, units
):
    user = warehouse.user
    assert user.username == "service-warehouse-data-warehouse"
    assert not user.has_usable_password()

    with pytest.raises(GrantRefused, match="service account"):
        grant_role(
            grantor=sector_admin,
            user=user,
            module="staffing",
            role="self_service",
            unit=units["nogales"],
            starts_on=timezone.localdate(),
            reason="should never happen",
        )


def test_only_an_access_administrator_over_the_unit_creates_accounts(
    sector_admin, units
):
    with pytest.raises(GrantRefused, match="outside your administrative scope"):
        service_accounts.create_account(
            sector_admin, partner="warehouse", unit=units["el_paso"], name="Elsewhere"
        )

    assert not ServiceAccount.objects.exists()


def test_a_token_lets_its_account_in_and_only_its_digest_is_kept(
    warehouse, sector_admin
):
    token, plaintext = service_accounts.issue_token(sector_admin, warehouse)

    response = call(plaintext)

    assert response.status_code == 200
    assert json.loads(response.content) == {"account": warehouse.pk}
    stored = ServiceToken.objects.get()
    assert stored.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in str(list(ServiceToken.objects.values()))
    assert plaintext.startswith("bpets_") and stored.prefix == plaintext[:12]
    assert AuditEvent.objects.filter(kind=Kind.SERVICE_TOKEN_ISSUED).count() == 1


def test_missing_unknown_and_revoked_tokens_are_refused_and_audited(
    warehouse, sector_admin
):
    token, plaintext = service_accounts.issue_token(sector_admin, warehouse)
    service_accounts.revoke_token(sector_admin, token)

    responses = [call(), call("bpets_not-a-token"), call(plaintext)]

    assert [response.status_code for response in responses] == [401, 401, 401]
    assert json.loads(responses[2].content) == {"error": "The token was revoked."}
    assert sorted(details["reason"] for details in refusals()) == [
        "no_token",
        "revoked_token",
        "unknown_token",
    ]
    revoked = AuditEvent.objects.get(details__reason="revoked_token")
    assert revoked.actor_id == warehouse.user.pk


def test_a_token_of_another_partner_is_refused(sector_admin, units):
    enforcement = service_accounts.create_account(
        sector_admin, partner="enforcement", unit=units["tucson"], name="Case system"
    )
    _, plaintext = service_accounts.issue_token(sector_admin, enforcement)

    response = call(plaintext)

    assert response.status_code == 401
    assert [details["reason"] for details in refusals()] == ["wrong_partner"]


def test_a_signed_response_verifies_under_the_partners_key():
    with override_settings(INTERFACE_KEYS={**KEYS, "warehouse": "w" * 40}):
        response = interfaces.sign_response("warehouse", JsonResponse({"rows": []}))

    expected = hmac.new(b"w" * 40, b'{"rows": []}', hashlib.sha256).hexdigest()
    assert response["X-BPETS-Signature"] == f"sha256={expected}"


def test_the_page_creates_accounts_issues_a_token_once_and_revokes_it(
    client, sector_admin, units
):
    client.force_login(sector_admin)
    page = reverse("security:service-accounts")

    client.post(
        page,
        {"name": "Case system", "partner": "enforcement", "unit": units["tucson"].pk},
    )
    account = ServiceAccount.objects.get()
    issued = client.post(
        reverse("security:issue-service-token", args=[account.pk]), follow=True
    )
    plaintext = issued.context["new_token"]
    listed = client.get(page)

    assert issued.redirect_chain == [(page, 302)]
    assert plaintext.encode() in issued.content
    assert "no-store" in issued["Cache-Control"]
    assert account.tokens.get().digest == interfaces.token_digest(plaintext)
    assert plaintext.encode() not in listed.content
    assert not any(plaintext in str(value) for value in client.session.values())
    assert account.tokens.get().prefix.encode() in listed.content

    client.post(
        reverse("security:revoke-service-token", args=[account.tokens.get().pk])
    )
    assert account.tokens.get().revoked_by == sector_admin


def test_the_page_is_for_access_administrators_only(client, make_user, warehouse):
    client.force_login(make_user("plain"))

    assert client.get(reverse("security:service-accounts")).status_code == 403
    response = client.post(reverse("security:issue-service-token", args=[warehouse.pk]))
    assert response.status_code == 403
    assert not warehouse.tokens.exists()


def test_another_scopes_accounts_are_not_found(client, make_user, give, warehouse):
    el_paso_admin = make_user("elpasoadmin", home="el_paso")
    give(el_paso_admin, "security", "access_administrator", "el_paso")
    client.force_login(el_paso_admin)

    response = client.post(reverse("security:issue-service-token", args=[warehouse.pk]))

    assert response.status_code == 404
    assert not warehouse.tokens.exists()
