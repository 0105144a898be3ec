"""The reporting module's part of the records retention schedule.

The statistical snapshot is kept 99 years from its import; the summary
statistics the reports are made of (the measure catalog and the published
tables the product loads) for the life of the system, so that rule is
never due. A request to release a report outside the agency is an
enforcement record (GPRA): kept 75 years, or 20 years after it was closed
(decided); a request still pending is never due.
"""

from reporting.models import Measure, ReleaseRequest, SnapshotVersion
from security import retention
from security.retention import Period, Rule, Source


def _versions_due(cutoff):
    return SnapshotVersion.objects.filter(
        imported_at__date__lt=cutoff, imported_by__isnull=False
    )


def _purge_versions(primary_keys) -> int:
    # Rows and coverage go with their version (cascade); no history to remove.
    deleted = SnapshotVersion.objects.filter(pk__in=primary_keys).delete()[1]
    return deleted.get(SnapshotVersion._meta.label, 0)


def _never_due(cutoff):
    return Measure.objects.none()


def _purge_nothing(primary_keys) -> int:
    return 0


SNAPSHOT = Rule(
    code="reporting.snapshot",
    title="Statistical snapshot",
    records=(
        "A version of the statistical snapshot imported from a file: its "
        "aggregate rows and what it covers."
    ),
    runs_from="The version is imported.",
    sources=(
        Source(
            "Agency schedule, statistical snapshot of the enforcement database",
            Period(years=99),
            "Keep 99 years after the snapshot is taken.",
        ),
    ),
    due=_versions_due,
    purge=_purge_versions,
    kind="Snapshot version",
    batch_size=10,
)

SUMMARY_STATISTICS = Rule(
    code="reporting.summary_statistics",
    title="Summary statistics",
    records=(
        "The published statistics the product loads (sector profiles, "
        "staffing, apprehensions, deaths, encounters) and the measure catalog."
    ),
    runs_from="Never: kept for the life of the system.",
    sources=(
        Source(
            "Agency schedule, summary statistical reports",
            Period(),
            "Permanent within the system: keep for the life of the system.",
        ),
    ),
    due=_never_due,
    purge=_purge_nothing,
    kind="Summary statistics",
)


def _releases_closed_before(cutoff):
    return ReleaseRequest.objects.exclude(state=ReleaseRequest.State.PENDING).filter(
        decided_at__date__lt=cutoff
    )


def _purge_releases(primary_keys) -> int:
    # The released PDF goes with its record; its history rows go too.
    deleted = ReleaseRequest.objects.filter(pk__in=primary_keys).delete()[1]
    ReleaseRequest.history.filter(id__in=primary_keys).delete()
    return deleted.get(ReleaseRequest._meta.label, 0)


RELEASES = Rule(
    code="reporting.releases",
    title="Report releases outside the agency",
    records=(
        "A request to release a report outside the agency: the report and its "
        "parameters, who asked and who decided, the decision and the PDF issued."
    ),
    runs_from="The request is decided (approved or refused).",
    sources=(
        Source(
            "Agency schedule, enforcement records (GPRA reports)",
            Period(years=75),
            "Enforcement records: keep 75 years.",
        ),
        Source(
            "Agency schedule, enforcement records closed",
            Period(years=20),
            "Enforcement records: destroy 20 years after the record is closed.",
        ),
    ),
    due=_releases_closed_before,
    purge=_purge_releases,
    kind="Release request",
    batch_size=100,
)


def register_rules() -> None:
    for rule in (SNAPSHOT, SUMMARY_STATISTICS, RELEASES):
        retention.register(rule)
