from datetime import date

import pytest

from security import retention

pytestmark = pytest.mark.django_db


def rule(code):
    return next(found for found in retention.rules() if found.code == code)


def test_the_snapshot_is_kept_99_years_from_its_import(
    organization, snapshot_file, import_file, make_user, give
):
    from reporting.models import SnapshotVersion

    snapshot = rule("reporting.snapshot")
    assert [source.period.years for source in snapshot.sources] == [99]
    importer = make_user("importer")
    give(importer, "reporting", "snapshot_importer", "tucson")
    run = import_file(
        snapshot_file("2020,,TCA,,,,apprehensions,9,people"), user=importer
    )
    SnapshotVersion.objects.filter(pk=run.version.pk).update(
        imported_at="1926-06-30T00:00Z"
    )

    # The engine asks for what came before today less 99 years.
    period = snapshot.sources[0].period
    assert period.cutoff(date(2025, 7, 1)) == date(1926, 7, 1)
    assert list(snapshot.due(period.cutoff(date(2025, 7, 1)))) == [run.version]
    assert list(snapshot.due(period.cutoff(date(2025, 6, 30)))) == []


def test_summary_statistics_are_kept_for_the_life_of_the_system(published):
    summary = rule("reporting.summary_statistics")

    assert summary.due(date(9999, 1, 1)).count() == 0
    # The published tables are never due under the snapshot's rule either.
    assert rule("reporting.snapshot").due(date(9999, 1, 1)).count() == 0
