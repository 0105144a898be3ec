"""Creating or changing many tracked rows at once, each with its history row.

simple-history writes history from signals, which ``bulk_create`` does not
send, and its own bulk helper runs at a few thousand rows a second: too slow
for a nation's schedules. On PostgreSQL the rows and their history rows are
written here with COPY instead: the primary keys are drawn from the table's
sequence first, so that each history row can name its record. Elsewhere
(the SQLite demo) simple-history's helpers do the same, slowly.

Call these inside the transaction that owns the change: the rows and their
history are kept or lost together.
"""

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

# Values psycopg writes as they are: a field of one of these kinds needs
# none of Django's preparation on the way to COPY.
PLAIN_FIELDS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


def copy_with_history(
    model, fields: list[str], rows: list[tuple], *, user=None, reason: str = ""
) -> list[int]:
    """Insert ``rows`` (tuples of database-ready values for ``fields``, by
    attribute name, for example ``row_id``) and a "created" history row for
    each, by ``user`` (None: no person). The fields left out must be
    nullable. Returns the new primary keys, in order."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        create_with_history(model, objects, user=user, reason=reason)
        return [instance.pk for instance in objects]

    keys = _draw_primary_keys(model, len(rows))
    pk_column = model._meta.pk.column
    columns = [pk_column] + [_column(model, name) for name in fields]
    keyed = [(key, *row) for key, row in zip(keys, rows, strict=True)]
    _copy(model._meta.db_table, columns, keyed)
    # A field the model keeps out of its history (a derived search column)
    # stays out of the history rows.
    tracked = {f.column for f in model.history.model._meta.concrete_fields}
    kept = [index for index, column in enumerate(columns) if column in tracked]
    history_columns = [columns[index] for index in kept] + [
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]
    tail = (timezone.now(), reason or None, "+", user.pk if user else None)
    _copy(
        model.history.model._meta.db_table,
        history_columns,
        (tuple(row[index] for index in kept) + tail for row in keyed),
    )
    return keys


def create_with_history(model, objects: list, *, user=None, reason: str = "") -> list:
    """The same for unsaved instances of ``model``."""
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

    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    keys = copy_with_history(
        model,
        [field.attname for field in fields],
        [_values(instance, fields) for instance in objects],
        user=user,
        reason=reason,
    )
    for instance, key in zip(objects, keys, strict=True):
        instance.pk = key
    return objects


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
    concrete = list(model._meta.concrete_fields)
    tracked = {field.name for field in model.history.model._meta.concrete_fields}
    concrete = [field for field in concrete if field.name in tracked]
    tail = (timezone.now(), reason or None, "~", user.pk if user else None)
    _copy(
        model.history.model._meta.db_table,
        [field.column for field in concrete]
        + ["history_date", "history_change_reason", "history_type", "history_user_id"],
        [_values(instance, concrete) + tail for instance in objects],
    )


def _draw_primary_keys(model, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [key for (key,) in cursor.fetchall()]


def _column(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.column
    raise LookupError(f"{model.__name__} has no field {attname!r}")


def _values(instance, fields) -> tuple:
    return tuple(
        getattr(instance, field.attname)
        if field.get_internal_type() in PLAIN_FIELDS
        else field.get_db_prep_save(getattr(instance, field.attname), connection)
        for field in fields
    )


def _copy(table: str, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        "FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
