from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from bpets import notifications as notification_service
from bpets.modules import visible_modules


def site(request):
    navigation = [
        {"label": label, "title": module.title, "url": reverse(f"{label}:index")}
        for label, module in visible_modules(getattr(request, "user", None))
    ]
    return {
        "environment": settings.ENVIRONMENT,
        "development_mode": settings.DEVELOPMENT,
        "navigation": navigation,
    }


def notifications(request):
    """The header's unread count: one query, and only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: notification_service.unread_count(user)
        )
    }
