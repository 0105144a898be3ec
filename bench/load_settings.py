"""The production settings with one addition for the load test: a bare
view (bench/load_urls.py), the ceiling a page of the product is measured
against on the same stack. Never used by a deployment."""

from bpets.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"
