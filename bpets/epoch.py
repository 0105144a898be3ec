"""Instants read as whole seconds since 1970, for pages that read thousands.

Django reads each timestamp with time zone through a loader written in
Python (it sets the zone on each one), about ten microseconds apiece: a
400-person G-259 holds 11,200 shift instants, a tenth of a second of the
page. Read as whole seconds instead, the same instants cost a C call each.
Meant for instants kept to the second, as shifts are; any fraction of a
second is dropped, never rounded up into the next one, on every database.
"""

from datetime import UTC, datetime

from django.db.models import BigIntegerField, Func


class EpochSeconds(Func):
    """The instant's whole seconds since 1970-01-01 UTC (NULL stays NULL)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            # A cast to bigint would round half a second up; floor drops it.
            template="floor(EXTRACT(EPOCH FROM %(expressions)s))::bigint",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite keeps Django's instants as UTC text, "YYYY-MM-DD HH:MM:SS"
        # and maybe a fraction. strftime rounds the fraction to the
        # millisecond, so .9996 s would count as the next second: only the
        # first 19 characters are read. The format's percent sign is doubled
        # twice: filling in the template takes one doubling, the SQLite
        # backend's placeholder conversion the other.
        return self.as_sql(
            compiler,
            connection,
            template=(
                "CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)"
            ),
            **extra_context,
        )


def instant(seconds: int | None) -> datetime | None:
    """The aware instant ``EpochSeconds`` read, as Django would give it."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC)
