"""The test suite's settings: the product's own, in test mode."""

import os

os.environ.setdefault("BPETS_ENV", "test")

from bpets.settings import *  # noqa: E402, F403
