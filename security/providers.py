"""What security learns from the apps above it, without importing them.

``staffing`` knows the chain of command; it registers a provider here when
it loads. Until one is registered, nobody has a known supervisor, and a
person counts as a supervisor when they hold a supervisor role somewhere.
"""

from collections.abc import Callable

_supervisor_of: Callable | None = None
_is_supervisory: Callable | None = None

SUPERVISOR_ROLES = (
    ("staffing", "supervisor"),
    ("scheduling", "supervisor"),
    ("timesheet", "supervisor"),
)


def register_chain_of_command(
    *, supervisor_of: Callable, is_supervisory: Callable
) -> None:
    global _supervisor_of, _is_supervisory
    _supervisor_of = supervisor_of
    _is_supervisory = is_supervisory


def chain_of_command_provider() -> tuple[Callable | None, Callable | None]:
    """The registered pair, so that a test may put it back after replacing it."""
    return _supervisor_of, _is_supervisory


def supervisor_of(user):
    return _supervisor_of(user) if _supervisor_of is not None else None


def is_supervisory(user) -> bool:
    """Is the person a supervisor or above?"""
    if _is_supervisory is not None:
        return _is_supervisory(user)

    from security import policies

    return any(
        policies.holds_role(user, module, role) for module, role in SUPERVISOR_ROLES
    )
