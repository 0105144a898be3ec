"""What the vehicles module learns from the modules above it.

Scheduling knows who is detailed (on temporary duty) to which station, and
vehicles must not import it. So the assignment service asks the detail
providers registered here whether an employee from another station may take
a station's vehicle. Scheduling registers one from its AppConfig's
``ready()``::

    # scheduling/apps.py
    from vehicles import providers

    providers.register_detail_provider(details.is_detailed_to)

A provider is called as ``provider(employee=..., station=..., starts_at=...,
ends_at=...)`` and answers True when the employee is detailed to that
station for the whole interval (``ends_at`` may be None: open-ended). Until
one is registered, only the vehicle's own station's employees may hold it.
"""

from collections.abc import Callable

_detail_providers: list[Callable] = []


def register_detail_provider(provider: Callable) -> None:
    if provider not in _detail_providers:
        _detail_providers.append(provider)


def unregister_detail_provider(provider: Callable) -> None:
    """For tests that register a provider of their own."""
    if provider in _detail_providers:
        _detail_providers.remove(provider)


def is_detailed_to(*, employee, station, starts_at, ends_at) -> bool:
    return any(
        provider(
            employee=employee, station=station, starts_at=starts_at, ends_at=ends_at
        )
        for provider in _detail_providers
    )
