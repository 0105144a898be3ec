from django.conf import settings
from django.urls import reverse

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
