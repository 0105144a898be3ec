from django.conf import settings
from django.urls import reverse

from bpets.modules import installed_modules


def site(request):
    navigation = [
        {"label": label, "title": module.title, "url": reverse(f"{label}:index")}
        for label, module in installed_modules()
    ]
    return {
        "environment": settings.ENVIRONMENT,
        "development_mode": settings.DEVELOPMENT,
        "navigation": navigation,
    }
