"""The deployment extract's page and CSV for reporting analysts, and its
read-only JSON endpoint for the data warehouse's service account.

Both sign what they hand out with the warehouse's key (the header
``X-BPETS-Signature``; the page also offers the CSV's ``.sig``), and each
download or pull is an audit event with the area, the days and the count
of lines."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from reporting import deployment, exports, parameters, policies, responses
from security import audit, interfaces
from security.rate_limits import rate_limited

PARTNER = "warehouse"
PREVIEW = 50
SIG = "text/plain; charset=us-ascii"


def deployment_page(request):
    form, asked = parameters.read_days(request)
    made = deployment.extract(asked) if asked is not None else None
    return _page(request, form, made)


def _page(request, form, made):
    query = request.GET.urlencode()
    return render(
        request,
        "reporting/deployment.html",
        {
            "title": "Deployment extract",
            "form": form,
            "extract": made,
            "columns": deployment.COLUMNS,
            "preview": deployment.lines(made, limit=PREVIEW) if made else [],
            "preview_size": PREVIEW,
            "query": f"?{query}" if query else "",
        },
        status=400 if form is not None and form.errors else 200,
    )


def _extract_or_refusal(request):
    """The extract a download asks for; or, for a query the form refuses,
    the page with the form saying what is wrong (400)."""
    form, asked = parameters.read_days(request)
    if form is None:
        raise Http404("Your reporting grants reach no area.")
    if asked is None:
        return None, _page(request, form, None)
    return deployment.extract(asked), None


@rate_limited("export")
def deployment_csv(request):
    made, refusal = _extract_or_refusal(request)
    if refusal:
        return refusal
    body, rows = deployment.as_csv(made)
    exports.record_export(
        request,
        made,
        form="csv",
        rows=rows,
        source="reporting:deployment-csv",
        report="deployment_extract",
        period=made.period,
    )
    response = responses.attachment(body, responses.CSV, made.file_name("csv"))
    return interfaces.sign_response(PARTNER, response)


def deployment_signature(request):
    """The CSV's signature, to keep beside it as FILE.sig; it matches the
    CSV downloaded with the same query while the schedules are unchanged."""
    made, refusal = _extract_or_refusal(request)
    if refusal:
        return refusal
    body, _ = deployment.as_csv(made)
    signature = interfaces.signature_of(PARTNER, body)
    return responses.attachment(f"{signature}\n", SIG, made.file_name("csv.sig"))


@interfaces.service_endpoint(PARTNER)
@require_GET
def deployment_api(request):
    """``GET ?area=&station=&from=&to=&page=`` with the warehouse's token:
    one page of the extract as JSON, signed."""
    account = request.service_account
    form, asked = parameters.read_for_service(request.GET)
    number = _page_number(request.GET.get("page"))
    if asked is None or number is None:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if number is None:
            errors["page"] = ["A whole number from 1."]
        _record(
            audit.Kind.INTERFACE_REFUSED,
            request,
            account,
            reason="bad_request",
            fields=sorted(errors),
        )
        return _signed({"error": "The request is not valid.", "fields": errors}, 400)
    if not policies.service_may_read(account, asked.area.unit):
        _record(
            audit.Kind.INTERFACE_REFUSED,
            request,
            account,
            reason="out_of_scope",
            area=asked.area.key,
            unit=asked.area.unit.pk,
            **{"from": asked.first_day.isoformat(), "to": asked.last_day.isoformat()},
        )
        return _signed(
            {
                "error": f"This account reads {account.unit} and below; "
                f"{asked.area.label} is outside it."
            },
            403,
        )

    made = deployment.extract(asked)
    found, more = deployment.page(made, number)
    _record(
        audit.Kind.INTERFACE_PULLED,
        request,
        account,
        extract=deployment.EXTRACT,
        area=made.area.key,
        unit=made.area.unit.pk,
        **made.period,
        page=number,
        rows=len(found),
    )
    return _signed(_body(request, made, number, found, more), 200)


def _page_number(text) -> int | None:
    """The page asked for (1 unless given); None for anything but a whole
    number from 1, of at most seven digits."""
    if text in (None, ""):
        return 1
    if not (text.isascii() and text.isdigit() and len(text) <= 7):
        return None
    return int(text) or None


def _body(request, made, number, found, more) -> dict:
    following = None
    if more:
        query = request.GET.copy()
        query["page"] = str(number + 1)
        following = f"{reverse('reporting:deployment-api')}?{query.urlencode()}"
    return {
        "extract": deployment.EXTRACT,
        "area": {
            "code": made.area.code,
            "station": made.area.station,
            "label": made.area.label,
        },
        "from": made.first_day.isoformat(),
        "to": made.last_day.isoformat(),
        "page": number,
        "page_size": deployment.PAGE_SIZE,
        "count": len(found),
        "next": following,
        "columns": list(deployment.COLUMNS),
        "rows": [{**line, "hours": float(line["hours"])} for line in found],
    }


def _record(kind, request, account, **details) -> None:
    """An audit event of the account's, with ids, codes and counts only."""
    audit.record(
        kind,
        actor=account.user,
        request=request,
        target=account,
        source="reporting:deployment-api",
        details={"partner": PARTNER, **details},
    )


def _signed(body: dict, status: int) -> HttpResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return interfaces.sign_response(PARTNER, response)
