"""Celery tasks collect their audit events as a request does.

Each task runs inside ``audit.collecting()``, opened when the task starts
and closed when it ends, failed or not, so that a refusal recorded in work
that then rolls back is still written.
"""

from celery.signals import task_postrun, task_prerun

from security import audit

_open = {}


def _start(task_id=None, **kwargs):
    collecting = audit.collecting()
    collecting.__enter__()
    _open[task_id] = collecting


def _finish(task_id=None, **kwargs):
    collecting = _open.pop(task_id, None)
    if collecting is not None:
        collecting.__exit__(None, None, None)


def connect() -> None:
    task_prerun.connect(_start, dispatch_uid="security.task_audit.start")
    task_postrun.connect(_finish, dispatch_uid="security.task_audit.finish")
