"""The demo population: a small, clearly fictional staff at one real station.

Each app may have a ``demo`` module with a ``populate(demo)`` function; the
``load_demo`` command calls them in the order the apps are installed, so
each module adds its own data on top of the layers below it. Every
``populate`` must be safe to run again: it finds what it made last time.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

# The same everywhere, so that people can write it down. The README gives it.
DEMO_PASSWORD = "bpets-demo-2026"  # noqa: S105 (published on purpose)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: str


@dataclass
class DemoContext:
    password: str = DEMO_PASSWORD
    logins: list[DemoLogin] = field(default_factory=list)
    # Shared between the modules: security puts the station here.
    station: object = None
    notes: list[str] = field(default_factory=list)
    # Notes worked out once every module has added its part (a count of
    # the people the modules above made, say), in the order given.
    closing_notes: list[Callable[[], str]] = field(default_factory=list)


def populate_all() -> DemoContext:
    demo = DemoContext()
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        module.populate(demo)
    demo.notes.extend(note() for note in demo.closing_notes)
    return demo
