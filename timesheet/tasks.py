from celery import shared_task


@shared_task
def initialize_timesheets(run_id: int) -> dict:
    """Carry out a timesheet initialization run a person started."""
    from timesheet import initialization
    from timesheet.models import InitializationRun

    run = InitializationRun.objects.select_related(
        "pay_period", "station", "started_by"
    ).get(pk=run_id)
    if not run.is_running:
        return {}
    run = initialization.carry_out(run)
    return {"timesheets": run.timesheets_created}
