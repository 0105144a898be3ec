"""Tools the rules purge with: field groups blanked on a row and in its history.

A group of fields is purged from a record's history too: the history rows
stay (who changed what, when), their values for the group become blank.
History tables are not themselves tracked, so they are changed in place;
the current rows are changed with history written in bulk, as the engine's
named change reason.
"""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from simple_history.utils import bulk_update_with_history


def blank_value(field: models.Field):
    """What a purged field holds: null where it may, else its default (the
    one a new record starts with), else the empty text."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field} has no blank value to purge to.")


def blanks(model, field_names) -> dict:
    return {name: blank_value(model._meta.get_field(name)) for name in field_names}


def any_value(model, field_names) -> Q:
    """Rows holding a value, not a blank, in at least one of the fields."""
    found = Q(pk__in=[])
    for name, blank in blanks(model, field_names).items():
        if blank is None:
            found |= Q(**{f"{name}__isnull": False})
        else:
            found |= ~Q(**{name: blank})
    return found


def history_of(model):
    return model.history.model


def still_holding(model, field_names) -> Q:
    """Records with a value in the fields, on the row itself or in its history."""
    in_history = history_of(model).objects.filter(
        any_value(model, field_names), id=OuterRef("pk")
    )
    return any_value(model, field_names) | Exists(in_history)


def blank_field_group(model, primary_keys, field_names, *, reason: str) -> int:
    """Blank the fields on these rows and in every history row of them."""
    empty = blanks(model, field_names)
    attnames = {name: model._meta.get_field(name).attname for name in field_names}
    rows = list(model.objects.filter(pk__in=primary_keys))
    changed = []
    for row in rows:
        if any(getattr(row, attnames[name]) != empty[name] for name in field_names):
            for name in field_names:
                setattr(row, attnames[name], empty[name])
            changed.append(row)
    if changed:
        bulk_update_with_history(
            changed, model, list(field_names), default_change_reason=reason
        )

    history_of(model).objects.filter(id__in=primary_keys).update(**empty)
    return len(rows)


def blank_superseded(model, history_rows: Q, field_names) -> int:
    """Blank, in the chosen history rows, each value that is no longer current.

    A value the row still holds stays; a value it held before, or any value
    of a row that is gone, is blanked. Returns how many history values went.
    """
    history = history_of(model).objects.filter(history_rows)
    count = 0
    for name, blank in blanks(model, field_names).items():
        stale = _with_current(model, history, [name]).filter(_stale(model, name))
        count += history.filter(history_id__in=stale.values("history_id")).update(
            **{name: blank}
        )
    return count


def superseded(model, field_names, *, link: str = "id") -> Q:
    """Records whose history holds a value no longer current, or of a row
    that is gone; ``link`` is the history field naming the record filtered."""
    history = history_of(model).objects.filter(**{link: OuterRef("pk")})
    stale = Q(pk__in=[])
    for name in field_names:
        stale |= _stale(model, name)
    return Exists(_with_current(model, history, field_names).filter(stale))


def _with_current(model, history, field_names):
    """History rows, each with its row's current values beside its own."""
    return history.annotate(
        **{
            f"current_{name}": Subquery(
                model.objects.filter(pk=OuterRef("id")).values(name)[:1]
            )
            for name in field_names
        }
    )


def _stale(model, name: str) -> Q:
    current = f"current_{name}"
    return any_value(model, [name]) & (
        Q(**{f"{current}__isnull": True}) | ~Q(**{name: F(current)})
    )
