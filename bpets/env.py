"""Small typed readers for settings that come from the environment.

Every name read is remembered in ``NAMES_READ`` so that a test can check
that the deployment files pass only settings the product understands.
"""

import os
from datetime import date

from django.core.exceptions import ImproperlyConfigured

NAMES_READ: set[str] = set()


def text(name: str, default: str = "") -> str:
    NAMES_READ.add(name)
    return os.environ.get(name, default).strip()


def flag(name: str, default: bool) -> bool:
    value = text(name).lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def integer(name: str, default: int) -> int:
    value = text(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from None


def day(name: str, default: str) -> date:
    value = text(name, default)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date as YYYY-MM-DD.") from None


def listing(name: str, default: str = "") -> list[str]:
    value = text(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


def choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = text(name, default).lower()
    if value not in choices:
        allowed = ", ".join(choices)
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.")
    return value
