from celery import shared_task


@shared_task
def initialize_schedules(run_id: int) -> dict:
    """Carry out a G-259 initialization run that a person or beat started."""
    from scheduling import initialization
    from scheduling.models import InitializationRun

    run = InitializationRun.objects.select_related("pay_period", "started_by").get(
        pk=run_id
    )
    if not run.is_running:
        return {}
    run = initialization.carry_out(run)
    return {"rows": run.rows_created, "cells": run.cells_created}


@shared_task
def initialize_due_schedules() -> list[int]:
    """Start the runs for the pay periods whose G-259s are due; beat runs it
    daily. Each station says how many days ahead it wants its schedule."""
    from scheduling import initialization

    return [run.pk for run in initialization.start_due()]


@shared_task
def build_daily_schedules(run_id: int) -> dict:
    """Build the G-481s of a G-259 that was just finalized."""
    from scheduling import g481_build
    from scheduling.models import DailyRun

    run = DailyRun.objects.select_related("started_by").get(pk=run_id)
    if not run.is_running:
        return {}
    run = g481_build.carry_out(run)
    return {"entries": run.entries_created, "days": run.days_done}
