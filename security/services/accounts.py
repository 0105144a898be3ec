from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from security import audit, policies, roles
from security.models import OrganizationUnit, RoleGrant, User
from security.services.grants import GrantRefused, sync_grant_permissions

Kind = audit.Kind


class AccountRefused(GrantRefused):
    """The account change was refused; the message says why."""


def require_access_administrator(actor: User, unit: OrganizationUnit | None):
    if unit is None or not policies.is_access_administrator(actor, unit):
        audit.record(
            Kind.DENIED,
            actor=actor,
            target=unit,
            details={"action": "administer accounts"},
        )
        raise AccountRefused("That account is outside your administrative scope.")


def _open_account(
    creator: User,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    home_unit: OrganizationUnit,
    password: str | None,
) -> User:
    if User.objects.filter(username=username).exists():
        raise AccountRefused(f"The username {username} is taken.")
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        home_unit=home_unit,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
        # The administrator knows this password: the person must replace it.
        user.password_change_required = True
    else:
        user.set_unusable_password()
    user._history_user = creator
    user.save()
    audit.record(
        Kind.ACCOUNT_CREATED,
        actor=creator,
        target=user,
        subject_user_id=user.pk,
        details={"home_unit": home_unit.pk},
    )
    return user


@transaction.atomic
def create_account(*, creator: User, password: str, **account) -> User:
    """An access administrator opens an account within their scope."""
    require_access_administrator(creator, account["home_unit"])
    return _open_account(creator, password=password, **account)


@transaction.atomic
def open_login(*, creator: User, **account) -> tuple[User, str]:
    """A login with no password yet, and the one-time path to set it.

    For trusted callers that checked their own policy (staffing, when a
    staffing administrator creates an employee). The path works once: the
    token is tied to the password, which setting it changes.
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = _open_account(creator, password=None, **account)
    path = reverse(
        "security:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return user, path


def record_background_investigation(
    *, actor: User, user: User, status: str, completed_on: date | None
) -> User:
    require_access_administrator(actor, user.home_unit)
    if user == actor:
        raise AccountRefused("Nobody may record their own background investigation.")
    if status != User.Investigation.NONE and completed_on is None:
        raise AccountRefused("Give the date of the investigation.")
    if completed_on is not None and completed_on > timezone.localdate():
        raise AccountRefused("The investigation date cannot be in the future.")
    user.background_investigation_status = status
    user.background_investigation_date = completed_on
    user._history_user = actor
    fields = ["background_investigation_status", "background_investigation_date"]
    if status == User.Investigation.UNFAVORABLE:
        # An unfavorable finding suspends access at once: the policies grant
        # nothing to such a user, and the sessions they hold end now.
        user.rotate_session_nonce()
        fields.append("session_nonce")
    user.save(update_fields=fields)
    return user


def training_due_since(user: User, today: date | None = None) -> date | None:
    """The day the annual training fell due, or None while it is current."""
    today = today or timezone.localdate()
    if user.security_training_date is None:
        return user.date_joined.date() if user.date_joined else today
    due = user.security_training_date + timedelta(days=365)
    return due if due <= today else None


def training_blocks(user: User, today: date | None = None) -> bool:
    """Is the training so far overdue that the user must attest before going on?"""
    today = today or timezone.localdate()
    due = training_due_since(user, today)
    grace = timedelta(days=settings.SECURITY_TRAINING_GRACE_DAYS)
    return due is not None and today > due + grace


def attest_training(*, user: User, completed_on: date) -> User:
    today = timezone.localdate()
    if completed_on > today:
        raise AccountRefused("The training date cannot be in the future.")
    if completed_on <= today - timedelta(days=365):
        raise AccountRefused(
            "That training is more than a year old; complete this year's "
            "training first."
        )
    user.security_training_date = completed_on
    user._history_user = user
    user.save(update_fields=["security_training_date"])
    audit.record(
        Kind.TRAINING_ATTESTED,
        actor=user,
        target=user,
        subject_user_id=user.pk,
        details={"completed_on": completed_on.isoformat()},
    )
    return user


def lift_lockout(*, actor: User, username: str, ip_address: str | None) -> int:
    """Clear a lockout of that username (from that address); how many were lifted."""
    from axes.utils import reset

    user = User.objects.filter(username=username).first()
    # A lockout of a name with no account is headquarters' to lift.
    scope = user.home_unit if user is not None and user.home_unit else _headquarters()
    require_access_administrator(actor, scope)
    lifted = reset(ip=ip_address, username=username)
    audit.record(
        Kind.LOCKOUT_LIFTED,
        actor=actor,
        subject_user_id=user.pk if user else None,
        details={"username": username, "address": ip_address, "attempts": lifted},
    )
    return lifted


def _headquarters() -> OrganizationUnit | None:
    return OrganizationUnit.objects.filter(
        kind=OrganizationUnit.Kind.HEADQUARTERS
    ).first()


@transaction.atomic
def bootstrap_access_administrator(
    *, user: User, unit: OrganizationUnit, reason: str
) -> RoleGrant:
    """Seat an access administrator with nobody above them to grant it.

    For installing the product (``manage.py grant_first_administrator``) and
    for the demo: recorded in the system chain, never reachable from a page.
    """
    if not user.has_favorable_investigation:
        raise AccountRefused(
            f"{user.get_username()} has no favorable background investigation "
            "on record."
        )
    role = roles.get("security", "access_administrator")
    grant = RoleGrant.objects.filter(
        user=user,
        module=role.module,
        role=role.code,
        organization_unit=unit,
        revoked_at__isnull=True,
    ).first()
    if grant is not None:
        return grant
    grant = RoleGrant(
        user=user,
        module=role.module,
        role=role.code,
        organization_unit=unit,
        starts_on=timezone.localdate(),
        granted_by=user,
        reason=reason,
    )
    grant.save()
    sync_grant_permissions(user)
    audit.record(
        Kind.GRANT,
        actor=None,
        target=grant,
        subject_user_id=user.pk,
        details={"role": role.key, "unit": unit.pk, "bootstrap": True},
        source="bootstrap",
    )
    policies.forget(user)
    return grant


def deactivate_account(*, actor: User, user: User, reason: str) -> User:
    """An access administrator disables an account within their scope."""
    require_access_administrator(actor, user.home_unit)
    return disable_account(actor=actor, user=user, reason=reason)


def disable_account(*, actor: User, user: User, reason: str) -> User:
    """Disable the login, end its sessions and revoke every grant, at once.

    For callers that have checked their own policy first: the access
    administrators' page above, and staffing's separation from the agency.
    """
    if user == actor:
        raise AccountRefused("You cannot disable your own account.")
    if not reason.strip():
        raise AccountRefused("Say why the account is disabled.")
    if not user.is_active:
        raise AccountRefused("That account is already disabled.")

    with transaction.atomic():
        now = timezone.now()
        for grant in RoleGrant.objects.filter(user=user, revoked_at__isnull=True):
            grant.revoked_at = now
            grant.revoked_by = actor
            grant.revocation_reason = f"Account disabled: {reason.strip()}"
            grant._history_user = actor
            grant.save()
        user.is_active = False
        # The retention periods of the account's records run from this day.
        user.account_ended_on = timezone.localdate()
        # A new nonce makes every open session of the account stop matching.
        user.rotate_session_nonce()
        user._history_user = actor
        user.save(update_fields=["is_active", "account_ended_on", "session_nonce"])
        sync_grant_permissions(user)

    audit.record(
        Kind.REVOKE,
        actor=actor,
        target=user,
        subject_user_id=user.pk,
        details={"all_grants": True, "account_disabled": True},
    )
    policies.forget(user)
    return user
