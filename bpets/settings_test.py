"""The test suite's settings: the product's own, in test mode."""

import os

os.environ.setdefault("BPETS_ENV", "test")

from bpets.settings import *  # noqa: E402, F403

# Templates the tests use (a sample profile panel), never shipped.
TEMPLATES[0]["DIRS"].append(BASE_DIR / "tests" / "staffing" / "templates")  # noqa: F405
