"""The upload page starts a run; the run page shows its progress, and the
problems of a refused file by line and column."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting import tasks
from reporting.models import ImportRun, SnapshotVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def task_runs_here(monkeypatch):
    """The import task itself, run here rather than by a worker: under the
    test command a broker is configured, and nothing consumes its queue."""
    monkeypatch.setattr(tasks.import_snapshot, "delay", tasks.import_snapshot)


@pytest.fixture
def hq_importer(make_user, give):
    user = make_user("hqimporter", home="headquarters")
    give(user, "reporting", "snapshot_importer", "headquarters")
    return user


def upload(client, content: bytes, name="fy2020.csv"):
    return client.post(
        "/reporting/snapshot/imports/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_an_upload_runs_as_a_job_and_shows_its_outcome(
    client,
    organization,
    hq_importer,
    snapshot_file,
    django_capture_on_commit_callbacks,
    task_runs_here,
):
    client.force_login(hq_importer)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, snapshot_file("2020,,TCA,,,,apprehensions,9,people"))

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reporting/snapshot/imports/{run.pk}/"
    assert (run.state, run.started_by, run.lines_done) == ("LOADED", hq_importer, 1)
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1 lines checked" in page
    assert "Snapshot version</dt><dd><a" in page
    assert SnapshotVersion.objects.get().imported_by == hq_importer


def test_a_refused_upload_lists_its_problems(
    client,
    organization,
    hq_importer,
    snapshot_file,
    django_capture_on_commit_callbacks,
    task_runs_here,
):
    client.force_login(hq_importer)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client,
            snapshot_file(
                "2020,,TCA,,,,apprehensions,9,people",
                "2020,,TCA,,,,apprehensions,nine,people",
            ),
        )

    page = client.get(response["Location"]).content.decode()
    assert "The file was refused: nothing changed" in page
    assert '<th scope="row" data-label="Line">3</th>' in page
    assert "&#x27;nine&#x27; is not a number." in page
    assert not SnapshotVersion.objects.exists()


def test_a_run_is_seen_by_its_importer_and_headquarters_only(
    client, organization, hq_importer, tucson_importer, snapshot_file, import_file
):
    run = import_file(
        snapshot_file("2020,,TCA,,,,apprehensions,9,people"), user=hq_importer
    )

    client.force_login(tucson_importer)
    assert client.get(f"/reporting/snapshot/imports/{run.pk}/").status_code == 404
    client.force_login(hq_importer)
    assert client.get(f"/reporting/snapshot/imports/{run.pk}/").status_code == 200


def test_an_older_version_stays_readable(
    client, organization, hq_importer, snapshot_file, import_file
):
    older = import_file(
        snapshot_file("2020,,TCA,,,,apprehensions,9,people"), name="a.csv"
    )
    newer = import_file(
        snapshot_file("2020,,TCA,,,,apprehensions,11,people"), name="b.csv"
    )
    client.force_login(hq_importer)

    page = client.get(
        f"/reporting/snapshot/versions/{older.version.pk}/"
    ).content.decode()

    assert "9 people" in page
    from reporting import aor, areas

    places = areas.places()
    summary = aor.summary(places, aor.area_of(places, "TCA"), 2020, 2020)
    assert summary.lines[0].get("apprehensions") == 11
    assert newer.version.pk > older.version.pk


def test_a_sector_analyst_reads_only_their_sectors_rows_of_a_version(
    client, organization, tucson_analyst, snapshot_file, import_file
):
    run = import_file(
        snapshot_file(
            "2020,,TCA,,,,apprehensions,9,people",
            "2020,,EPT,,,,apprehensions,7777,people",
        )
    )
    client.force_login(tucson_analyst)

    page = client.get(
        f"/reporting/snapshot/versions/{run.version.pk}/"
    ).content.decode()

    assert "9 people" in page
    assert "7,777" not in page
