"""Audit events for logins, and the one-session rule.

Connected in ``SecurityConfig.ready``.
"""

import hashlib
import time

from axes.signals import user_locked_out
from django.contrib import messages
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import pre_save
from django.dispatch import receiver

from security import audit
from security.models import User
from security.services.accounts import training_blocks, training_due_since

Kind = audit.Kind

LOGIN_AT = "bpets_login_at"
LAST_SEEN = "bpets_last_seen"
NONCE_DIGEST = "bpets_nonce_digest"


def nonce_digest(nonce: str) -> str:
    """A short digest of the session nonce, to tell later why a session ended."""
    return hashlib.sha256(nonce.encode()).hexdigest()[:16]


# Fields whose change could modify, bypass or negate a safeguard.
SAFEGUARD_FIELDS = (
    "is_active",
    "is_staff",
    "is_superuser",
    "home_unit_id",
    "background_investigation_status",
    "background_investigation_date",
    "security_training_date",
)


@receiver(user_logged_in, dispatch_uid="security.logged_in")
def on_login(sender, request, user, **kwargs):
    had_session = bool(user.session_nonce)

    # A new nonce changes the session hash: any older session of this user
    # no longer matches and ends at its next request. The nonce is left out
    # of the history, so writing it alone needs no history row.
    user.rotate_session_nonce()
    User.objects.filter(pk=user.pk).update(session_nonce=user.session_nonce)
    request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    request.session[NONCE_DIGEST] = nonce_digest(user.session_nonce)
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now

    if had_session:
        audit.record(Kind.SESSION_SUPERSEDED, actor=user, request=request)
    audit.record(Kind.LOGIN, actor=user, request=request)

    if training_due_since(user) and not training_blocks(user):
        messages.warning(
            request,
            "Your annual security and privacy training is due. Complete it "
            "and record it under Security, My access: after the grace period "
            "you will have to before you can go on.",
            # A login made outside a page (force_login, an API) has no
            # message storage; the attestation gate still applies later.
            fail_silently=True,
        )


@receiver(user_logged_out, dispatch_uid="security.logged_out")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    User.objects.filter(pk=user.pk).update(session_nonce="")
    audit.record(Kind.LOGOUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="security.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # credentials are already cleansed of the password by Django.
    username = credentials.get("username", "")
    user = User.objects.filter(username=username).only("pk").first()
    audit.record(
        Kind.LOGIN_FAILED,
        actor=None,
        request=request,
        subject_user_id=user.pk if user else None,
        details={"username": username},
    )


@receiver(user_locked_out, dispatch_uid="security.locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    user = User.objects.filter(username=username).only("pk").first()
    audit.record(
        Kind.LOCKOUT,
        actor=None,
        request=request,
        subject_user_id=user.pk if user else None,
        details={"username": username, "address": ip_address},
    )


@receiver(pre_save, sender=User, dispatch_uid="security.user_safeguards")
def on_user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & {
        name.removesuffix("_id") for name in SAFEGUARD_FIELDS
    }:
        return
    before = User.objects.filter(pk=instance.pk).values(*SAFEGUARD_FIELDS).first() or {}
    changed = {
        name: [_plain(before.get(name)), _plain(getattr(instance, name))]
        for name in SAFEGUARD_FIELDS
        if before and before.get(name) != getattr(instance, name)
    }
    if changed:
        audit.record(
            Kind.SAFEGUARD_CHANGED,
            actor=getattr(instance, "_history_user", None),
            target=instance,
            subject_user_id=instance.pk,
            details={"changed": changed},
        )


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
