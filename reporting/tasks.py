from celery import shared_task


@shared_task
def import_snapshot(run_id: int) -> dict:
    """Carry out a snapshot import run that a person started from its page."""
    from reporting import snapshot
    from reporting.models import ImportRun

    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if not run.is_running:
        return {}
    run = snapshot.carry_out(run)
    return {"state": run.state, "version": run.version_id}
