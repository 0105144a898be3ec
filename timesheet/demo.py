"""The timesheet module's part of the demo population."""

from timesheet import leave_demo


def populate(demo) -> None:
    leave_demo.populate(demo)
