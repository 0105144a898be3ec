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


@shared_task
def import_payroll_extract(run_id: int) -> dict:
    """Carry out a payroll extract import a person started from its page."""
    from timesheet import payroll_extract
    from timesheet.models import PayrollExtractRun

    run = PayrollExtractRun.objects.select_related("started_by").get(pk=run_id)
    if not run.is_running:
        return {}
    run = payroll_extract.carry_out(run)
    return {"state": run.state, "extract": run.extract_id}
