"""The snapshot's pages: the upload and its runs, the versions and their rows."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from reporting import areas, measures, policies, selectors, snapshot, snapshot_file
from reporting.forms import SnapshotUploadForm

PAGE_SIZE = 50


def _refuse_non_importers(user) -> None:
    if not policies.imports_anywhere(user):
        raise PermissionDenied("Only snapshot importers import the snapshot.")


def imports(request):
    _refuse_non_importers(request.user)
    form = SnapshotUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = snapshot.start(upload.read(), upload.name, started_by=request.user)
        return redirect("reporting:import-run", pk=run.pk)
    return render(
        request,
        "reporting/imports.html",
        {
            "form": form,
            "runs": _visible_runs(request.user)[:20],
            "columns": snapshot_file.COLUMNS,
            "measures": measures.CATALOG,
            "regions": areas.REGIONS,
            "nation": areas.NATION,
        },
        status=400 if form.errors else 200,
    )


def _visible_runs(user):
    """Importers at headquarters see every run; others their own."""
    runs = selectors.runs()
    places = areas.places()
    if policies.may_import(user, places.headquarters):
        return runs
    return runs.filter(started_by=user)


def import_run(request, pk):
    _refuse_non_importers(request.user)
    run = get_object_or_404(_visible_runs(request.user), pk=pk)
    return render(request, "reporting/import_run.html", {"run": run})


def _readable_codes(user) -> list[str] | None:
    """The places whose rows the user may read; None: every place."""
    places = areas.places()
    if policies.may_read(user, places.headquarters) or policies.may_import(
        user, places.headquarters
    ):
        return None
    return [
        code
        for code, sector in places.sectors.items()
        if policies.may_read(user, sector) or policies.may_import(user, sector)
    ]


def _refuse_strangers(user) -> None:
    if not (policies.reads_anywhere(user) or policies.imports_anywhere(user)):
        raise PermissionDenied("Only analysts and snapshot importers see the snapshot.")


def versions(request):
    _refuse_strangers(request.user)
    page = Paginator(selectors.versions(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/versions.html", {"page": page})


def version(request, pk):
    _refuse_strangers(request.user)
    found = get_object_or_404(selectors.versions(), pk=pk)
    rows = selectors.version_rows(found)
    codes = _readable_codes(request.user)
    if codes is not None:
        rows = rows.filter(Q(sector_code__in=codes))
    year = request.GET.get("fiscal_year", "")
    if year.isdigit():
        rows = rows.filter(fiscal_year=int(year))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/version.html",
        {
            "version": found,
            "page": page,
            "fiscal_year": year if year.isdigit() else "",
            "narrowed": codes is not None,
        },
    )
