"""Importing a snapshot file: checked whole, then loaded as a new version in
one transaction (COPY on PostgreSQL, bulk inserts elsewhere).

The same bytes twice change nothing: a version remembers its file's hash.
The file's bytes stay on the run only until it is over.
"""

import logging

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, Sum
from django.utils import timezone

from reporting import areas, policies, snapshot_file
from reporting.models import (
    Coverage,
    ImportRun,
    Measure,
    SnapshotRow,
    SnapshotTotal,
    SnapshotVersion,
)
from security import audit

logger = logging.getLogger(__name__)

ROW_COLUMNS = (
    "version_id",
    "fiscal_year",
    "month",
    "sector_code",
    "station",
    "zone",
    "canine",
    "measure_id",
    "value",
)
COPY_CHUNK = 50_000


def start(content: bytes, file_name: str, *, started_by=None) -> ImportRun:
    """Record a run for the file and hand it to the workers (the file's
    bytes wait on the run until a worker takes them)."""
    from reporting import tasks

    run = _new_run(content, file_name, started_by, keep=True)
    transaction.on_commit(lambda: tasks.import_snapshot.delay(run.pk))
    return run


def import_now(content: bytes, file_name: str, *, started_by=None) -> ImportRun:
    """The same, carried out here (the command line and the loaders)."""
    return carry_out(_new_run(content, file_name, started_by), content)


def _new_run(content, file_name, started_by, keep=False) -> ImportRun:
    return ImportRun.objects.create(
        file_name=file_name[:200],
        content=content if keep else None,
        content_hash=snapshot_file.content_hash(content),
        started_by=started_by,
    )


def carry_out(run: ImportRun, content: bytes | None = None) -> ImportRun:
    if content is None:
        content = bytes(run.content or b"")
    known = SnapshotVersion.objects.filter(content_hash=run.content_hash).first()
    if known is not None:
        run.version = known
        return _finish(run, ImportRun.State.UNCHANGED)

    # The lines after the header (a record quoted over two lines counts two).
    run.lines_total = max(content.rstrip(b"\n").count(b"\n"), 0)
    _save_state(run, ImportRun.State.VALIDATING)
    checked = snapshot_file.check(
        content,
        areas.places(),
        {m.code: (m.unit, m.whole) for m in Measure.objects.filter(is_active=True)},
        may_import=_importer_scope(run.started_by),
        progress=lambda lines: _save_progress(run, lines),
    )
    run.lines_done = checked.lines
    if checked.refused:
        run.errors = [problem.as_dict() for problem in checked.problems]
        run.errors_more = checked.more_problems
        return _finish(run, ImportRun.State.REFUSED)

    _save_state(run, ImportRun.State.LOADING)
    try:
        with transaction.atomic():
            run.version = _load(run, checked)
    except Exception:
        logger.exception("Snapshot import run %s failed while loading", run.pk)
        run.errors = [
            {"line": 0, "column": "", "message": "Loading failed; nothing changed."}
        ]
        return _finish(run, ImportRun.State.FAILED)
    logger.info(
        "Snapshot import run %s loaded version %s (%s rows)",
        run.pk,
        run.version.pk,
        run.version.row_count,
    )
    return _finish(run, ImportRun.State.LOADED)


def _importer_scope(user):
    if user is None:
        return None  # the product loading its own public tables
    places = areas.places()
    return lambda code: policies.may_import(user, places.unit_of(code))


def _save_state(run, state) -> None:
    run.state = state
    run.save(update_fields=["state", "lines_total"])


def _save_progress(run, lines: int) -> None:
    run.lines_done = lines
    run.save(update_fields=["lines_done"])


def _finish(run: ImportRun, state) -> ImportRun:
    run.state = state
    run.finished_at = timezone.now()
    run.content = None
    run.save()
    _audit(run)
    return run


def _audit(run: ImportRun) -> None:
    """Who imported which file, how many rows, and what came of it; the
    product's own loading of the public tables goes to the system chain."""
    audit.record(
        audit.Kind.SNAPSHOT_IMPORTED,
        actor=run.started_by,
        target=run,
        details={
            "module": "reporting",
            "run": run.pk,
            "file_name": run.file_name,
            "rows": run.version.row_count if run.version_id else 0,
            "lines": run.lines_done,
            "result": run.state,
            "version": run.version_id,
            "problems": len(run.errors) + run.errors_more,
        },
        source="reporting:snapshot-import",
    )


def _load(run: ImportRun, checked: snapshot_file.Checked) -> SnapshotVersion:
    years = [row[0] for row in checked.rows]
    version = SnapshotVersion.objects.create(
        source=run.file_name,
        content_hash=run.content_hash,
        imported_by=run.started_by,
        row_count=len(checked.rows),
        first_fiscal_year=min(years),
        last_fiscal_year=max(years),
    )
    Coverage.objects.bulk_create(
        Coverage(
            version=version,
            fiscal_year=fiscal_year,
            sector_code=sector_code,
            measure_id=measure,
            monthly=monthly,
        )
        for fiscal_year, sector_code, measure, monthly in sorted(checked.coverage())
    )
    if connection.vendor == "postgresql":
        _copy_rows(version, checked.rows)
    else:
        SnapshotRow.objects.bulk_create(
            (
                SnapshotRow(**dict(zip(ROW_COLUMNS, (version.pk, *row), strict=True)))
                for row in checked.rows
            ),
            batch_size=2000,
        )
    _add_up(version)
    return version


def _add_up(version) -> None:
    """The version's totals per year, place, measure and level."""
    flags = {
        "monthly": Q(month__isnull=False),
        "at_station": ~Q(station=""),
        "in_detail": ~Q(zone="") | ~Q(canine=""),
    }
    totals = (
        SnapshotRow.objects.filter(version=version)
        .order_by()
        .annotate(
            **{
                name: ExpressionWrapper(condition, output_field=BooleanField())
                for name, condition in flags.items()
            }
        )
        .values("fiscal_year", "sector_code", "measure_id", *flags)
        .annotate(value=Sum("value"))
    )
    SnapshotTotal.objects.bulk_create(
        (SnapshotTotal(version=version, **total) for total in totals.iterator()),
        batch_size=5000,
    )


def _copy_rows(version, rows) -> None:
    """COPY in PostgreSQL's text format, written in large chunks. The file
    check leaves nothing to escape: codes, a station's name from the tree,
    zones and canines of letters, digits and dashes, and numbers."""
    table = SnapshotRow._meta.db_table
    sql = f"COPY {table} ({', '.join(ROW_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor:
        # A re-runnable import need not wait for its log to reach the disk.
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        with cursor.copy(sql) as copy:
            for start in range(0, len(rows), COPY_CHUNK):
                chunk = rows[start : start + COPY_CHUNK]
                copy.write("".join(_copy_line(version.pk, row) for row in chunk))


NULL = "\\N"


def _copy_line(version_id, row) -> str:
    year, month, sector, station, zone, canine, measure, value = row
    month = NULL if month is None else month
    return (
        f"{version_id}\t{year}\t{month}\t{sector}\t{station}\t{zone}\t"
        f"{canine}\t{measure}\t{value}\n"
    )
