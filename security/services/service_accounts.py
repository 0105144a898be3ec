"""Service accounts of partner systems and their bearer tokens.

Only an access administrator over the account's unit creates one, issues
its tokens or revokes them. A token is shown once, when issued; BPETS keeps
only its digest, so a lost token is revoked and another issued.
"""

import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from security import audit, interfaces
from security.models import OrganizationUnit, ServiceAccount, ServiceToken, User
from security.services.accounts import AccountRefused, require_access_administrator

logger = logging.getLogger(__name__)
Kind = audit.Kind


@transaction.atomic
def create_account(
    administrator: User, *, partner: str, unit: OrganizationUnit, name: str
) -> ServiceAccount:
    require_access_administrator(administrator, unit)
    if partner not in interfaces.PARTNERS:
        raise AccountRefused(f"There is no partner system {partner!r}.")
    name = name.strip()
    if not name:
        raise AccountRefused("Name the service account.")

    username = f"service-{partner}-{slugify(name)}"[:150]
    if User.objects.filter(username=username).exists():
        raise AccountRefused(f"A service account named {name} already exists.")
    user = User(username=username, first_name=name[:150], home_unit=unit)
    # It never signs in through the web: its tokens are its only way in.
    user.set_unusable_password()
    user._history_user = administrator
    user.save()

    account = ServiceAccount(
        user=user, partner=partner, unit=unit, name=name, created_by=administrator
    )
    account._history_user = administrator
    account.save()
    audit.record(
        Kind.SERVICE_ACCOUNT_CREATED,
        actor=administrator,
        target=account,
        details={"partner": partner, "unit": unit.pk},
    )
    logger.info("service account %s created for %s", account.pk, partner)
    return account


@transaction.atomic
def issue_token(
    administrator: User, account: ServiceAccount
) -> tuple[ServiceToken, str]:
    """A new token for the account, and its text, which is never shown again."""
    require_access_administrator(administrator, account.unit)
    plaintext = interfaces.TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ServiceToken(
        account=account,
        digest=interfaces.token_digest(plaintext),
        prefix=plaintext[:12],
        issued_by=administrator,
    )
    token._history_user = administrator
    token.save()
    audit.record(
        Kind.SERVICE_TOKEN_ISSUED,
        actor=administrator,
        target=token,
        details={"partner": account.partner, "service_account": account.pk},
    )
    return token, plaintext


@transaction.atomic
def revoke_token(administrator: User, token: ServiceToken) -> ServiceToken:
    token = ServiceToken.objects.select_for_update().get(pk=token.pk)
    require_access_administrator(administrator, token.account.unit)
    if not token.is_active:
        raise AccountRefused("That token was already revoked.")
    token.revoked_at = timezone.now()
    token.revoked_by = administrator
    token._history_user = administrator
    token.save()
    audit.record(
        Kind.SERVICE_TOKEN_REVOKED,
        actor=administrator,
        target=token,
        details={"partner": token.account.partner, "service_account": token.account_id},
    )
    return token
