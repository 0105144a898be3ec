"""Text shaped like a person's identifier, which free text must never hold.

Two shapes are found: a Social Security number (nine digits grouped 3-2-4,
with the same kind of short separator between both pairs of groups or with
none at all, and not part of a longer number) and an alien number (the
letter A and 8 or 9 digits, which may be grouped). Phone numbers (3-3-4),
dates, ZIP+4 codes (5-4), money amounts and order numbers have other shapes
and pass.

Text is looked at as a reader would see it: compatibility forms folded
(full-width digits, no-break spaces), invisible format characters such as
zero-width spaces dropped, and every kind of dash read as a hyphen, so that
typing a number with unusual characters does not slip it through.
"""

import re
import unicodedata

# Up to three characters of spaces, dots, slashes, underscores or hyphens.
_SEPARATOR = r"[ ./_\-]{1,3}"

# Either separated twice or not at all: a ZIP+4 code ("85621-1234") is 5-4,
# which one separator after the fifth digit would otherwise match.
SOCIAL_SECURITY_NUMBER = re.compile(
    rf"(?<!\d)(?<!\d[.,])\d{{3}}(?:{_SEPARATOR}\d{{2}}{_SEPARATOR}|\d{{2}})\d{{4}}"
    r"(?!\d)(?![.,]\d)"
)

# A capital A not right after another capital or a digit (so "TCA-2026-..."
# is an order number, while "FileA12345678" is a number), or a small a on
# its own word; then 8 or 9 digits, grouped or not.
ALIEN_NUMBER = re.compile(
    r"(?:(?<![A-Z0-9])A|(?<![A-Za-z0-9])a)[ #:.\-]{0,3}\d(?:[ .\-]?\d){7,8}"
    r"(?!\d)(?![ .\-]\d)"
)

# The alien number first: "A-123456789" holds nine digits too.
SHAPES = (
    (ALIEN_NUMBER, "an alien number"),
    (SOCIAL_SECURITY_NUMBER, "a Social Security number"),
)


def as_read(text: str) -> str:
    """The text folded as described above, for matching only."""
    folded = unicodedata.normalize("NFKC", text or "")
    characters = []
    for character in folded:
        category = unicodedata.category(character)
        if category == "Cf":
            continue
        if category == "Pd" or character == "\u2212":
            characters.append("-")
        elif character.isspace():
            characters.append(" ")
        else:
            characters.append(character)
    return "".join(characters)


def identifier_in(text: str) -> str | None:
    """What kind of identifier ``text`` seems to hold, or None."""
    readable = as_read(text)
    for pattern, name in SHAPES:
        if pattern.search(readable):
            return name
    return None


def refusals(
    fields: dict[str, str], labels: dict[str, str], why: str
) -> dict[str, str]:
    """Field name -> the message saying what it seems to hold, and ``why``
    that has no place there."""
    found = {}
    for name, text in fields.items():
        kind = identifier_in(text)
        if kind:
            found[name] = (
                f"{labels.get(name, name).capitalize()} holds what looks like "
                f"{kind}. {why}"
            )
    return found
