"""Creating or changing many tracked rows at once, each with its history row.

simple-history writes history from signals, which ``bulk_create`` does not
send, and its own bulk helper runs at a few thousand rows a second: too slow
for a nation's schedules. On PostgreSQL the rows and their history rows are
written here with COPY instead: the primary keys are drawn from the table's
sequence first, so that each history row can name its record. Elsewhere
(the SQLite demo) simple-history's helper does the same, slowly.

Call it inside the transaction that owns the change: the rows and their
history are kept or lost together.
"""

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def create_with_history(model, objects: list, *, user=None, reason: str = "") -> list:
    """Insert ``objects`` (unsaved instances of ``model``) and a "created"
    history row for each, by ``user`` (None: no person, a scheduled job)."""
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return bulk_create_with_history(
            objects,
            model,
            batch_size=2000,
            default_user=user,
            default_change_reason=reason or None,
        )

    _draw_primary_keys(model, objects)
    fields = [field for field in model._meta.concrete_fields]
    _copy(model._meta.db_table, fields, objects)
    _copy_history(model, fields, objects, user=user, reason=reason)
    return objects


def _draw_primary_keys(model, objects: list) -> None:
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [table, column, len(objects)],
        )
        for instance, (key,) in zip(objects, cursor.fetchall(), strict=True):
            instance.pk = key


def _copy(table: str, fields, objects: list) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(table)} ({columns}) FROM STDIN"  # noqa: S608
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for instance in objects:
            copy.write_row(
                [
                    field.get_db_prep_save(getattr(instance, field.attname), connection)
                    for field in fields
                ]
            )


def _copy_history(
    model, fields, objects: list, *, user, reason: str, history_type: str = "+"
) -> None:
    historical = model.history.model
    quote = connection.ops.quote_name
    # The historical table repeats the record's columns (the record's own
    # key under the same name) and adds its bookkeeping ones.
    kept = {field.name for field in historical._meta.concrete_fields}
    tracked = [field for field in fields if field.name in kept]
    columns = [field.column for field in tracked] + [
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]
    statement = (
        f"COPY {quote(historical._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(column) for column in columns)}) FROM STDIN"
    )
    now = timezone.now()
    user_id = user.pk if user is not None else None
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for instance in objects:
            values = [
                field.get_db_prep_save(getattr(instance, field.attname), connection)
                for field in tracked
            ]
            copy.write_row(values + [now, reason or None, history_type, user_id])


def update_with_history(
    model, objects: list, fields: list[str], *, user, reason: str = ""
) -> None:
    """Save ``fields`` of ``objects`` and a "changed" history row for each,
    in two statements whatever their number."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        bulk_update_with_history(
            objects,
            model,
            fields,
            batch_size=2000,
            default_user=user,
            default_change_reason=reason or None,
        )
        return

    model.objects.bulk_update(objects, fields)
    _copy_history(
        model,
        list(model._meta.concrete_fields),
        objects,
        user=user,
        reason=reason,
        history_type="~",
    )
