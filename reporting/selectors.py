"""Reads of the snapshot: the rows still current, narrowed in SQL.

A row is current unless a newer version covers its fiscal year, place and
measure (annual or monthly alike); older versions stay readable through
``version_rows``.
"""

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from reporting.models import (
    Coverage,
    ImportRun,
    SnapshotRow,
    SnapshotTotal,
    SnapshotVersion,
)


def current_rows() -> QuerySet[SnapshotRow]:
    monthly = ExpressionWrapper(Q(month__isnull=False), output_field=BooleanField())
    newer = Coverage.objects.filter(
        fiscal_year=OuterRef("fiscal_year"),
        sector_code=OuterRef("sector_code"),
        measure_id=OuterRef("measure_id"),
        monthly=OuterRef("is_monthly"),
        version_id__gt=OuterRef("version_id"),
    )
    return (
        SnapshotRow.objects.order_by()
        .annotate(is_monthly=monthly)
        .exclude(Exists(newer))
    )


TOTAL_KEYS = (
    "fiscal_year",
    "sector_code",
    "measure_id",
    "is_monthly",
    "at_station",
    "in_detail",
    "total",
)


def _newer_coverage():
    return Coverage.objects.filter(
        fiscal_year=OuterRef("fiscal_year"),
        sector_code=OuterRef("sector_code"),
        measure_id=OuterRef("measure_id"),
        monthly=OuterRef("monthly"),
        version_id__gt=OuterRef("version_id"),
    )


def place_totals(*, fiscal_years, sector_codes, measures, station="") -> list[dict]:
    """Per fiscal year, place and measure, the current values added up at
    each level: annual or monthly; the place itself or its stations; with
    or without a zone or canine. Read from the versions' totals, except for
    a station, whose own rows are few."""
    if not station:
        totals = (
            SnapshotTotal.objects.order_by()
            .filter(
                fiscal_year__range=fiscal_years,
                sector_code__in=sector_codes,
                measure_id__in=measures,
            )
            .exclude(Exists(_newer_coverage()))
            .values_list(
                "fiscal_year",
                "sector_code",
                "measure_id",
                "monthly",
                "at_station",
                "in_detail",
            )
            .annotate(total=Sum("value"))
        )
        return [dict(zip(TOTAL_KEYS, total, strict=True)) for total in totals]
    rows = current_rows().filter(
        fiscal_year__range=fiscal_years,
        sector_code__in=sector_codes,
        measure_id__in=measures,
        station=station,
    )
    at_station = ExpressionWrapper(~Q(station=""), output_field=BooleanField())
    in_detail = ExpressionWrapper(
        ~Q(zone="") | ~Q(canine=""), output_field=BooleanField()
    )
    return list(
        rows.annotate(at_station=at_station, in_detail=in_detail)
        .values(
            "fiscal_year",
            "sector_code",
            "measure_id",
            "is_monthly",
            "at_station",
            "in_detail",
        )
        .annotate(total=Sum("value"))
    )


def monthly_totals(*, fiscal_year, sector_codes, measure, station="") -> list[dict]:
    rows = current_rows().filter(
        fiscal_year=fiscal_year,
        sector_code__in=sector_codes,
        measure_id=measure,
        month__isnull=False,
        zone="",
        canine="",
    )
    rows = rows.filter(station=station) if station else rows.filter(station="")
    return list(rows.values("sector_code", "month").annotate(total=Sum("value")))


def fiscal_years() -> list[int]:
    return sorted(
        Coverage.objects.order_by().values_list("fiscal_year", flat=True).distinct(),
        reverse=True,
    )


def latest_fiscal_year(measure: str = "apprehensions") -> int | None:
    return Coverage.objects.filter(measure_id=measure).aggregate(
        latest=Max("fiscal_year")
    )["latest"]


def versions() -> QuerySet[SnapshotVersion]:
    return SnapshotVersion.objects.select_related("imported_by")


def version_rows(version: SnapshotVersion) -> QuerySet[SnapshotRow]:
    return version.rows.select_related("measure").order_by(
        "fiscal_year", "month", "sector_code", "station", "measure__position"
    )


def runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("started_by", "version").defer("content")
