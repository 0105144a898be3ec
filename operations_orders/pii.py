"""Text shaped like a person's identifier, which an order must never hold.

Two shapes are refused: a Social Security number (nine digits grouped
3-2-4, with dashes, spaces or nothing between the groups, and not part of
a longer number) and an alien number (the letter A and 8 or 9 digits,
with or without a dash). Phone numbers (3-3-4), dates, money amounts and
order numbers have other shapes and pass.
"""

import re

# The same separator in both places (a ZIP+4 code is 5-4); not part of a
# longer number or an amount: no digit, dollar sign, or digit and
# separator just before it, no digit or separator and digit just after.
SOCIAL_SECURITY_NUMBER = re.compile(
    r"(?<![\d$])(?<!\d[.,-])\d{3}([- ]?)\d{2}\1\d{4}(?!\d)(?![.,-]\d)"
)
ALIEN_NUMBER = re.compile(r"(?<![A-Za-z0-9-])A-?\d{8,9}(?![\d-])", re.IGNORECASE)

# The alien number first: "A-123456789" holds nine digits too.
SHAPES = (
    (ALIEN_NUMBER, "an alien number"),
    (SOCIAL_SECURITY_NUMBER, "a Social Security number"),
)


def identifier_in(text: str) -> str | None:
    """What kind of identifier ``text`` seems to hold, or None."""
    for pattern, name in SHAPES:
        if pattern.search(text or ""):
            return name
    return None


def refusals(fields: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    """Field name -> the message saying what it seems to hold."""
    found = {}
    for name, text in fields.items():
        kind = identifier_in(text)
        if kind:
            found[name] = (
                f"{labels.get(name, name).capitalize()} holds what looks like "
                f"{kind}. Orders hold no personal information: take it out."
            )
    return found
