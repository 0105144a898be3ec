"""The payroll extract's pages: the upload and its runs, and a run's
records with the differences personnel review.

Both are for personnel (the staffing personnel role); a run's records are
narrowed to the stations the reader is personnel over, since each shows a
hash ID and pay fields, and every page of them is an audited look.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render

from security import audit
from staffing import privacy
from staffing.models import Employee
from timesheet import payroll_extract, payroll_extract_file, policies, selectors
from timesheet.forms import PayrollExtractUploadForm
from timesheet.models import (
    BalanceType,
    PayrollExtractBalance,
    PayrollExtractRecord,
)

PAGE_SIZE = 50
GROUPS = [privacy.HR, privacy.IDENTITY]


def _refuse_non_importers(user) -> None:
    if not policies.may_import_payroll_extract(user):
        raise PermissionDenied(
            f"The payroll extract is imported by {policies.PAYROLL_EXTRACT_IMPORTERS}."
        )


def extracts(request):
    _refuse_non_importers(request.user)
    form = PayrollExtractUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = payroll_extract.start(
            upload.read(),
            upload.name,
            signature=form.cleaned_data["signature"],
            started_by=request.user,
        )
        return redirect("timesheet:payroll-extract-run", pk=run.pk)
    runs = selectors.payroll_extract_runs(request.user).select_related(
        "started_by", "extract__pay_period"
    )[:20]
    return render(
        request,
        "timesheet/payroll_extracts.html",
        {
            "form": form,
            "runs": runs,
            "columns": payroll_extract_file.COLUMNS,
            "importers": policies.PAYROLL_EXTRACT_IMPORTERS,
        },
        status=400 if form.errors else 200,
    )


def extract_run(request, pk):
    _refuse_non_importers(request.user)
    # Another station's run reads as missing (the refusal is audited as
    # any 404 is).
    run = get_object_or_404(
        selectors.payroll_extract_runs(request.user).select_related(
            "started_by", "extract__pay_period"
        ),
        pk=pk,
    )
    context = {"run": run, "leave_types": BalanceType.choices}
    if run.extract_id is not None:
        context.update(_records(request, run))
    return render(request, "timesheet/payroll_extract_run.html", context)


def _records(request, run) -> dict:
    reach = policies.payroll_extract_units(request.user)
    records = PayrollExtractRecord.objects.filter(extract_id=run.extract_id)
    seen = records.filter(employee__duty_station_id__in=reach)
    differing_balance = PayrollExtractBalance.objects.filter(
        record=OuterRef("pk")
    ).exclude(extract_hours=F("computed_hours"))
    only_differences = request.GET.get("differences") == "1"
    if only_differences:
        seen = seen.filter(~Q(differences=[]) | Exists(differing_balance))
    page = Paginator(
        seen.select_related("employee").prefetch_related("balances"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [_row(record) for record in page]
    _audit_look(request, run, [record.employee for record in page])
    return {
        "page": page,
        "rows": rows,
        "only_differences": only_differences,
        "records_total": records.count(),
        "records_hidden": records.exclude(employee__duty_station_id__in=reach).count(),
    }


def _row(record) -> dict:
    balances = {balance.leave_type: balance for balance in record.balances.all()}
    return {
        "record": record,
        "differences": [
            {
                **difference,
                "label": Employee._meta.get_field(difference["field"]).verbose_name,
            }
            for difference in record.differences
        ],
        "balances": [(label, balances[kind]) for kind, label in BalanceType.choices],
        "balances_differ": any(balance.differs for balance in balances.values()),
    }


def _audit_look(request, run, employees) -> None:
    """Each person shown but the reader: their hash ID and pay fields seen."""
    shown = {
        str(employee.pk): GROUPS
        for employee in employees
        if employee.user_id != request.user.pk
    }
    if not shown:
        return
    audit.record(
        audit.Kind.PERSONAL_DATA_VIEWED,
        request=request,
        target=run,
        details={"employees": shown, "run": run.pk},
        source="timesheet:payroll-extract-run",
    )
