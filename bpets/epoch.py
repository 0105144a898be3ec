"""Instants read as whole seconds since 1970, for pages that read thousands.

Django reads each timestamp with time zone through a loader written in
Python (it sets the zone on each one), about ten microseconds apiece: a
400-person G-259 holds 11,200 shift instants, a tenth of a second of the
page. Read as whole seconds instead, the same instants cost a C call each.
Only for instants kept to the second or coarser, as shifts are.
"""

from datetime import UTC, datetime

from django.db.models import BigIntegerField, Func


class EpochSeconds(Func):
    """The instant as whole seconds since 1970-01-01 UTC (NULL stays NULL)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM %(expressions)s)::bigint",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps Django's instants as UTC text. The format's percent
        # sign is doubled twice: filling in the template takes one doubling,
        # the SQLite backend's placeholder conversion the other.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)",
            **extra_context,
        )


def instant(seconds: int | None) -> datetime | None:
    """The aware instant ``EpochSeconds`` read, as Django would give it."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC)
