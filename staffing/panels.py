"""Panels that higher modules add to the profile page.

A module above staffing registers ``panel(request, employee) -> dict | None``
(a dict with ``title`` and ``template`` and its context) in its AppConfig's
``ready``; staffing renders them in order and never imports the module.
"""

_panels = []


def register_panel(panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request, employee) -> list[dict]:
    return [shown for shown in (panel(request, employee) for panel in _panels) if shown]
