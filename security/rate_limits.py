"""Rate limits: so many requests in so many seconds, counted in the cache.

Each limit is named in ``settings.RATE_LIMITS`` as (count, seconds). Any
view that hands out a file of people's information takes
``@rate_limited("export")``; the login takes the per-address limit through
``LoginRateLimitMiddleware``. A refused request gets a 429 page saying when
to try again, and an audit event of kind DENIED naming the limit.

The count is a fixed window: the first request of a window starts it and
the counter expires with it. Several web workers share it only through a
shared cache (Redis in production, see ``CACHE_URL``).
"""

import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse

from bpets.text import duration_in_words
from security import audit


@dataclass(frozen=True)
class Refusal:
    limit: str
    count: int
    seconds: int
    retry_after: int


def limit_of(name: str) -> tuple[int, int]:
    return settings.RATE_LIMITS[name]


def take(name: str, key: str, now: float | None = None) -> Refusal | None:
    """Count one request for ``key`` under the limit; a refusal beyond it."""
    count, seconds = limit_of(name)
    now = time.time() if now is None else now
    window = int(now // seconds)
    counter = f"rate:{name}:{key}:{window}"

    # add() starts the window's counter only if it is not there yet, so that
    # two workers starting it at once do not reset each other.
    cache.add(counter, 0, timeout=seconds)
    try:
        taken = cache.incr(counter)
    except ValueError:
        # Expired between add() and incr(): this request opens the window.
        cache.set(counter, 1, timeout=seconds)
        taken = 1
    if taken <= count:
        return None
    retry_after = max(1, int((window + 1) * seconds - now))
    return Refusal(name, count, seconds, retry_after)


def refused(request, refusal: Refusal, what: str):
    """The 429 page, and the DENIED event that says which limit refused."""
    audit.record(
        audit.Kind.DENIED,
        request=request,
        details={
            "reason": "rate_limit",
            "limit": refusal.limit,
            "count": refusal.count,
            "seconds": refusal.seconds,
            "path": request.path,
        },
    )
    response = render(
        request,
        "429.html",
        {
            "what": what,
            "count": refusal.count,
            "window": duration_in_words(refusal.seconds),
            "retry_in": duration_in_words(refusal.retry_after),
        },
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def rate_limited(name: str, what: str = "exports"):
    """Refuse a user's requests to the view beyond the named limit.

    Counted per user (per address for anonymous requests), across every
    view that carries the same name: thirty exports are thirty whichever
    export they came from.
    """

    def decorator(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            user = request.user
            key = (
                f"user:{user.pk}"
                if user.is_authenticated
                else f"address:{audit.client_address(request)}"
            )
            refusal = take(name, key)
            if refusal is not None:
                return refused(request, refusal, what)
            return view(request, *args, **kwargs)

        return limited

    return decorator


class LoginRateLimitMiddleware:
    """At most so many login posts a minute from one address.

    Axes locks out a username at an address after repeated failures; this
    stops one address trying many usernames. The limit is generous, since a
    whole station may log in through one address at the start of a shift.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("login"):
            refusal = take("login", f"address:{audit.client_address(request)}")
            if refusal is not None:
                return refused(request, refusal, "login attempts")
        return self.get_response(request)
