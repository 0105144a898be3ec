"""The response headers that Django's SecurityMiddleware does not send.

A Content Security Policy without 'unsafe-inline': every script and style
comes from a static file of this site, so injected markup can run nothing.
A Permissions-Policy that turns off the browser features no page uses, and
no caching of pages that may hold personal information.
"""

from django.conf import settings


def content_security_policy(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(
        " ".join((directive, *sources)) for directive, sources in directives.items()
    )


def permissions_policy(features: tuple[str, ...]) -> str:
    return ", ".join(f"{feature}=()" for feature in features)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": content_security_policy(
                settings.CONTENT_SECURITY_POLICY
            ),
            "Permissions-Policy": permissions_policy(settings.PERMISSIONS_POLICY),
            "Cross-Origin-Resource-Policy": "same-origin",
            # Today's browsers ignore this header and the Content Security
            # Policy is what stops injected script; it is sent in the form
            # that blocks the page outright, never the one that rewrites
            # it, for older browsers and for scanners that look for it.
            "X-XSS-Protection": "1; mode=block",
        }

    def __call__(self, request):
        response = self.get_response(request)
        for header, value in self.headers.items():
            response.headers.setdefault(header, value)

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A page for a logged-in user may show someone's personal
            # information: it must not stay in a shared or browser cache.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response
