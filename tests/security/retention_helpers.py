"""Helpers for the retention tests, which count to a fixed day."""

from datetime import date, timedelta

from django.apps import apps
from django.db.models import CharField, Q, TextField

from security import audit, audit_chain
from security.models import User
from staffing.models import Employee

TODAY = date(2030, 6, 15)
TOMORROW = TODAY + timedelta(days=1)
DAY = timedelta(days=1)


def separate(person: Employee, on: date) -> Employee:
    """Recorded as separated on ``on``, the login disabled that day."""
    person.status = Employee.Status.SEPARATED
    person.separation_date = on
    person.separation_reason = "Retired."
    person.save()
    end_account(person.user, on)
    return person


def end_account(user: User, on: date) -> User:
    user.is_active = False
    user.account_ended_on = on
    user.save()
    return user


def events_of(user: User, count: int) -> None:
    for number in range(count):
        audit.record(audit.Kind.LOGIN, actor=user, details={"n": number})


def seal() -> None:
    audit_chain.seal_chains(margin=timedelta(0))


def tracked_models() -> list:
    """Every model of the project that keeps history, from the app registry."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def history_rows_holding(value: str) -> list[str]:
    """Every history row, of every model with history, with ``value`` in a
    text field, as "app.Model history <history_id>"."""
    found = []
    for model in tracked_models():
        manager = getattr(model, model._meta.simple_history_manager_attribute)
        history = manager.model
        condition = Q(pk__in=[])
        for field in history._meta.get_fields():
            if isinstance(field, CharField | TextField):
                condition |= Q(**{f"{field.name}__contains": value})
        for history_id in history.objects.filter(condition).values_list(
            "history_id", flat=True
        ):
            found.append(f"{model._meta.label} history {history_id}")
    return found
