"""Every snapshot import leaves an audit event: who, which file, how many
rows, and what came of it."""

import pytest

from security.models import AuditEvent

pytestmark = pytest.mark.django_db


def imported_events():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.SNAPSHOT_IMPORTED).order_by(
        "pk"
    )


def test_a_loaded_a_refused_and_a_repeated_file_are_each_audited(
    organization, tucson_importer, snapshot_file, import_file
):
    good = snapshot_file(
        "2020,,TCA,,,,apprehensions,9,people",
        "2020,,TCA,,,,marijuana,12.5,pounds",
    )
    # Line 3 names a measure the catalog lacks, line 4 a sector elsewhere.
    bad = snapshot_file(
        "2020,,TCA,,,,apprehensions,9,people",
        "2020,,TCA,,,,rainfall,3,inches",
        "2020,,EPT,,,,apprehensions,4,people",
    )

    loaded = import_file(good, "fy2020.csv", tucson_importer)
    import_file(good, "fy2020-again.csv", tucson_importer)
    import_file(bad, "broken.csv", tucson_importer)

    events = list(imported_events())
    assert [
        (
            e.actor_id,
            e.details["file_name"],
            e.details["rows"],
            e.details["result"],
            e.details["problems"],
        )
        for e in events
    ] == [
        (tucson_importer.pk, "fy2020.csv", 2, "LOADED", 0),
        (tucson_importer.pk, "fy2020-again.csv", 2, "SAME", 0),
        (tucson_importer.pk, "broken.csv", 0, "REFUSED", 2),
    ]
    assert events[0].details["version"] == loaded.version_id
    assert events[1].details["version"] == loaded.version_id
    assert events[2].details["version"] is None


def test_the_products_own_tables_are_audited_on_the_system_chain(published):
    events = imported_events()

    assert events.exists()
    assert not events.exclude(chain=AuditEvent.SYSTEM_CHAIN).exists()
    assert all(e.details["result"] == "LOADED" for e in events)
