"""The bulk import pages: upload and check a file, then confirm to write it.

The file lives in memory only while its request runs: it never touches the
disk and nothing of it is kept. The confirmation sends the checked file
back from the page, and it is checked again before anything is written.
"""

import base64
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from security import policies as security_policies
from security.services import GrantRefused
from staffing import forms, imports, services

EXAMPLE_FILE = Path(__file__).resolve().parent / "import_example.csv"


@csrf_exempt
def import_people(request):
    # The upload handlers must be set before anything reads the post, the
    # CSRF check included: it runs next, in ``_check_upload``.
    request.upload_handlers = [MemoryFileUploadHandler(request)]
    return _check_upload(request)


@csrf_protect
def _check_upload(request):
    _require_staffing_administrator(request.user)
    posted = request.method == "POST"
    form = forms.ImportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        largest_bytes=_largest_bytes(),
    )
    if not posted:
        return _upload_page(request, form)
    if "file" not in request.FILES and _posted_bytes(request) > _largest_bytes():
        # Too large to be held in memory, so the handler let it go unread.
        form.add_error("file", form.too_large())
        return _upload_page(request, form, status=400)
    if not form.is_valid():
        return _upload_page(request, form, status=400)

    content = form.cleaned_data["file"]
    report = imports.check(actor=request.user, content=content)
    if report.problems:
        return _upload_page(request, form, report=report, status=400)
    return render(
        request,
        "staffing/import_preview.html",
        {
            "report": report,
            "confirm": forms.ImportConfirmForm(
                initial={"content": base64.b64encode(content).decode("ascii")}
            ),
        },
    )


@require_POST
def confirm_import(request):
    _require_staffing_administrator(request.user)
    form = forms.ImportConfirmForm(request.POST)
    upload = forms.ImportUploadForm(largest_bytes=_largest_bytes())
    if not form.is_valid():
        return _upload_page(
            request, upload, refusal=" ".join(form.errors["content"]), status=400
        )

    try:
        outcome = imports.import_file(
            actor=request.user, content=form.cleaned_data["content"]
        )
    except imports.ImportRefused as refusal:
        # Something changed since the check: nothing was written.
        return _upload_page(request, upload, report=refusal.report, status=400)
    except (services.ProfileChangeRefused, GrantRefused) as refusal:
        return _upload_page(
            request, upload, refusal=f"Nothing was imported: {refusal}", status=400
        )
    except IntegrityError:
        # Another import or page created one of these logins meanwhile.
        return _upload_page(
            request,
            upload,
            refusal="Nothing was imported: someone created one of these records "
            "at the same time. Check the file again.",
            status=400,
        )

    response = render(
        request,
        "staffing/import_done.html",
        {
            "outcome": outcome,
            "created": [
                (employee, request.build_absolute_uri(path))
                for employee, path in outcome.created
            ],
        },
    )
    # The page holds one-time password links: never kept on the way.
    response["Cache-Control"] = "no-store"
    return response


def example_file(request):
    _require_staffing_administrator(request.user)
    response = HttpResponse(
        EXAMPLE_FILE.read_bytes(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="import_example.csv"'
    return response


def _upload_page(request, form, *, report=None, refusal="", status=200):
    return render(
        request,
        "staffing/import_people.html",
        {
            "form": form,
            "report": report,
            "refusal": refusal,
            "required_columns": imports.REQUIRED_COLUMNS,
            "optional_columns": imports.OPTIONAL_WORK_COLUMNS,
            "hr_columns": imports.HR_COLUMNS,
            "largest_row_count": imports.LARGEST_ROW_COUNT,
        },
        status=status,
    )


def _largest_bytes() -> int:
    return min(imports.LARGEST_FILE_BYTES, settings.FILE_UPLOAD_MAX_MEMORY_SIZE)


def _posted_bytes(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _require_staffing_administrator(user):
    if not security_policies.holds_role(user, "staffing", "staffing_administrator"):
        raise PermissionDenied("Only staffing administrators import records.")
