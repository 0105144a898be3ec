"""What each module of the product is, for navigation and landing pages.

Each app's ``AppConfig`` carries a ``module_info`` attribute; this layer reads
them through the app registry, so it never imports the apps themselves.
"""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Module:
    title: str
    summary: str
    holds: tuple[str, ...] = field(default_factory=tuple)
    # URL name of the module's landing page, inside the app's namespace.
    landing_url: str = "index"
    # Shown to every logged-in user, role or not (each page still checks
    # what they may do there): everyone asks for their own leave.
    for_everyone: bool = False


def installed_modules() -> list[tuple[str, Module]]:
    """(app label, module) pairs in the order the apps are installed."""
    return [
        (config.label, config.module_info)
        for config in apps.get_app_configs()
        if isinstance(getattr(config, "module_info", None), Module)
    ]


_visibility = None


def register_visibility(check) -> None:
    """Let the security layer say which modules a user may see: check(user, label)."""
    global _visibility
    _visibility = check


# A module whose pages open to more than its own roles says so here, so
# that its navigation entry and landing page open to the same people.
_opened_by = {}


def register_opening(app_label: str, check) -> None:
    """Show the module also to users for whom check(user) is true."""
    _opened_by[app_label] = check


def visible_modules(user) -> list[tuple[str, Module]]:
    modules = installed_modules()
    if _visibility is None or user is None or not user.is_authenticated:
        return modules if _visibility is None else []
    return [
        (label, module)
        for label, module in modules
        if module.for_everyone
        or _visibility(user, label)
        or (label in _opened_by and _opened_by[label](user))
    ]


def is_visible(user, app_label: str) -> bool:
    return any(label == app_label for label, _ in visible_modules(user))


def module_for(app_label: str) -> Module:
    return apps.get_app_config(app_label).module_info
