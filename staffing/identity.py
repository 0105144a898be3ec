"""The agency-wide hash ID, derived from a Social Security number.

The number lives only in memory for the length of the request: it is never
saved, logged, put in history or a task, or shown back. Only a deployment
that holds the agency's key (HASH_ID_KEY) can derive; elsewhere personnel
type the hash ID as given.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ValidationError


def can_derive() -> bool:
    return bool(settings.HASH_ID_KEY)


def normalise(number: str) -> str:
    digits = re.sub(r"[\s-]", "", number)
    if not re.fullmatch(r"\d{9}", digits):
        raise ValidationError("A Social Security number has nine digits.")
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area.startswith("9") or group == "00":
        raise ValidationError("That is not a valid Social Security number.")
    if serial == "0000":
        raise ValidationError("That is not a valid Social Security number.")
    return digits


def derive_hash_id(number: str) -> str:
    if not can_derive():
        raise ValidationError("This deployment holds no key to derive hash IDs.")
    digits = normalise(number)
    return hmac.new(
        settings.HASH_ID_KEY.encode(), digits.encode(), hashlib.sha256
    ).hexdigest()
