"""Signed data exchanged with other agency systems, and their service tokens.

Every file or message that crosses to or from a partner system carries an
HMAC-SHA-256 of its exact bytes under the key BPETS shares with that
partner. The receiver checks it; an unsigned or badly signed one is
refused, and the refusal is an audit event that stands whatever becomes of
the work around it. Partner systems that call BPETS over HTTP present a
bearer token of their service account.
"""

import hashlib
import hmac
import logging
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from security import audit
from security.models import ServiceAccount, ServiceToken

logger = logging.getLogger(__name__)
Kind = audit.Kind

SIGNATURE_HEADER = "X-BPETS-Signature"
SIGNATURE_PREFIX = "sha256="
TOKEN_PREFIX = "bpets_"  # noqa: S105 (a marker that starts every token)


@dataclass(frozen=True)
class Partner:
    code: str
    title: str
    direction: str  # "in" when BPETS receives, "out" when it sends


PARTNERS = {
    "payroll": Partner("payroll", ServiceAccount.Partner.PAYROLL.label, "in"),
    "enforcement": Partner(
        "enforcement", ServiceAccount.Partner.ENFORCEMENT.label, "in"
    ),
    "warehouse": Partner("warehouse", ServiceAccount.Partner.WAREHOUSE.label, "out"),
}


class SignatureRefused(Exception):
    """The data was unsigned or its signature did not verify; says which."""


class ServiceRefused(Exception):
    """The request's token was missing, unknown, revoked or of another partner."""


def _key_of(partner_code: str) -> bytes:
    if partner_code not in PARTNERS:
        raise KeyError(f"Unknown partner system {partner_code!r}.")
    return settings.INTERFACE_KEYS.get(partner_code, "").encode()


def signature_of(partner_code: str, body: bytes) -> str:
    key = _key_of(partner_code)
    if not key:
        raise SignatureRefused(
            f"No key is configured for the {PARTNERS[partner_code].title}."
        )
    return SIGNATURE_PREFIX + hmac.new(key, body, hashlib.sha256).hexdigest()


def check_signature(
    partner_code: str,
    body: bytes,
    signature: str | None,
    *,
    actor=None,
    request=None,
    source: str = "",
    details: dict | None = None,
) -> None:
    partner = PARTNERS[partner_code]
    signature = (signature or "").strip()

    if not _key_of(partner_code):
        reason, message = (
            "no_key",
            f"No key is configured for the {partner.title}, so nothing from it "
            "can be accepted.",
        )
    elif not signature:
        reason, message = (
            "unsigned",
            f"The data carries no signature. Data from the {partner.title} must "
            f"be signed (HMAC-SHA-256, {SIGNATURE_PREFIX}<hex>).",
        )
    elif not hmac.compare_digest(
        signature.lower().encode(), signature_of(partner_code, body).encode()
    ):
        reason, message = (
            "bad_signature",
            "The signature does not match the data: it was changed on the way "
            f"or signed with another key than the {partner.title}'s.",
        )
    else:
        return

    _refused(
        partner_code,
        reason,
        actor=actor,
        request=request,
        source=source,
        details=details,
    )
    raise SignatureRefused(message)


def detached_signature(path) -> str | None:
    """The signature kept beside a file, in FILE.sig; None when there is none."""
    signature_file = Path(f"{path}.sig")
    if not signature_file.is_file():
        return None
    return signature_file.read_text(encoding="ascii", errors="replace").strip()


def sign_response(partner_code: str, response):
    response[SIGNATURE_HEADER] = signature_of(partner_code, response.content)
    return response


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(request, partner_code: str) -> ServiceAccount:
    """The service account whose bearer token the request presents."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        _refused(partner_code, "no_token", request=request)
        raise ServiceRefused("A bearer token is needed (Authorization: Bearer ...).")

    found = (
        ServiceToken.objects.select_related("account__user", "account__unit")
        .filter(digest=token_digest(token))
        .first()
    )
    if found is None:
        _refused(partner_code, "unknown_token", request=request)
        raise ServiceRefused("The token is not known.")

    account = found.account
    refusal = None
    if not found.is_active:
        refusal = ("revoked_token", "The token was revoked.")
    elif not account.user.is_active:
        refusal = ("account_disabled", "The service account is disabled.")
    elif account.partner != partner_code:
        refusal = (
            "wrong_partner",
            f"The token is not one of the {PARTNERS[partner_code].title}'s.",
        )
    if refusal is not None:
        _refused(
            partner_code,
            refusal[0],
            actor=account.user,
            request=request,
            target=found,
        )
        raise ServiceRefused(refusal[1])
    return account


def service_endpoint(partner_code: str):
    """A view a partner system calls with its bearer token, not a login session."""

    def decorate(view):
        @wraps(view)
        def endpoint(request, *args, **kwargs):
            try:
                request.service_account = authenticate(request, partner_code)
            except ServiceRefused as refusal:
                response = JsonResponse({"error": str(refusal)}, status=401)
                response["WWW-Authenticate"] = 'Bearer realm="bpets"'
                return response
            return view(request, *args, **kwargs)

        return csrf_exempt(login_not_required(endpoint))

    return decorate


def _refused(
    partner_code: str,
    reason: str,
    *,
    actor=None,
    request=None,
    source: str = "",
    details: dict | None = None,
    target=None,
) -> None:
    logger.warning("interface refused partner=%s reason=%s", partner_code, reason)
    audit.record(
        Kind.INTERFACE_REFUSED,
        actor=actor,
        request=request,
        target=target,
        source=source,
        details={"partner": partner_code, "reason": reason, **(details or {})},
    )
