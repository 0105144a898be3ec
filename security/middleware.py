import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from bpets.text import duration_in_words
from security import audit
from security.models import User
from security.services.accounts import training_blocks
from security.signals import LAST_SEEN, LOGIN_AT, NONCE_DIGEST, nonce_digest

Kind = audit.Kind

# Seconds between two writes of the last-seen stamp: every request need not
# write the session.
LAST_SEEN_RESOLUTION = 60


class SessionSafeguardMiddleware:
    """Say why a session ended, end idle and over-long ones, hold overdue users."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session_user_id = request.session.get(SESSION_KEY)
        issued_nonce = request.session.get(NONCE_DIGEST)

        if session_user_id and not request.user.is_authenticated:
            # Django dropped a session whose hash no longer matches the user.
            self._explain_lost_session(request, session_user_id, issued_nonce)
        elif request.user.is_authenticated:
            ended = self._end_if_expired(request)
            if ended is not None:
                return ended
            held = self._hold_for_password(request) or self._hold_for_training(request)
            if held is not None:
                return held

        return self.get_response(request)

    def process_exception(self, request, exception):
        # A page refused, or an object not found (or not in the user's
        # scope: views answer 404 rather than say it exists), is an attempt
        # the audit log keeps, once: a view may have recorded it already.
        if isinstance(exception, PermissionDenied | Http404):
            if audit.pending(Kind.DENIED):
                return
            details = {"path": request.path, "method": request.method}
            if isinstance(exception, Http404):
                details["status"] = 404
            audit.record(Kind.DENIED, request=request, details=details)

    def _explain_lost_session(self, request, user_id, issued_nonce):
        user = (
            User.objects.filter(pk=user_id).only("session_nonce", "is_active").first()
        )
        current = user.session_nonce if user is not None else ""
        if user is None or not user.is_active:
            message = "Your account has been disabled. Ask your access administrator."
        elif current and nonce_digest(current) != issued_nonce:
            message = (
                "You were logged out because your account logged in somewhere "
                "else. Only one session at a time is allowed."
            )
        else:
            message = "Your session has ended. Please log in again."
        # Django leaves a disabled user's session in place; end it, so that
        # the message is said once.
        request.session.flush()
        messages.warning(request, message)

    def _end_if_expired(self, request):
        now = time.time()
        last_seen = request.session.get(LAST_SEEN, now)
        login_at = request.session.get(LOGIN_AT, now)
        idle = now - last_seen > settings.SESSION_IDLE_SECONDS
        too_long = now - login_at > settings.SESSION_COOKIE_AGE
        if not (idle or too_long):
            if now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
            return None

        audit.record(
            Kind.SESSION_EXPIRED,
            request=request,
            details={"limit": "idle" if idle else "absolute"},
        )
        logout(request)
        if idle:
            quiet = duration_in_words(settings.SESSION_IDLE_SECONDS)
            messages.info(
                request, f"You were logged out after {quiet} without activity."
            )
        else:
            longest = duration_in_words(settings.SESSION_COOKIE_AGE)
            messages.info(
                request, f"Sessions last {longest} at most. Please log in again."
            )
        return redirect(f"{reverse('login')}?next={request.path}")

    def _hold_for_password(self, request):
        exempt = (reverse("security:password-change"), reverse("logout"))
        if not request.user.password_change_required:
            return None
        if request.path in exempt or request.path.startswith(settings.STATIC_URL):
            return None
        messages.info(request, "Choose your own password before you go on.")
        return redirect("security:password-change")

    def _hold_for_training(self, request):
        exempt = (
            reverse("security:training"),
            reverse("security:password-change"),
            reverse("logout"),
        )
        if request.path in exempt or request.path.startswith(settings.STATIC_URL):
            return None
        if not training_blocks(request.user):
            return None
        return redirect(f"{reverse('security:training')}?next={request.path}")
