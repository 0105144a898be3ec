"""The enforcement system's way in (its endpoint, and a file an editor
imports) and the station's review list of the fields its messages would
have changed under an editor's hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bsits import access, enforcement, forms, policies, receiving, selectors, services
from bsits.models import ReviewDecision
from security import interfaces

PAGE_SIZE = 25
# The largest message body the endpoint reads (a message at its limits,
# 200 subjects and every text field full, is well under it); a larger one
# is refused in JSON before Django's own limit answers in HTML.
LARGEST_BODY = 1024 * 1024
ENDPOINT_SOURCE = "bsits:enforcement-message"
IMPORT_SOURCE = "bsits:enforcement-import"


def _refusal_status(refusal: enforcement.MessageRefused) -> int:
    return {
        "out_of_scope": 403,
        "historical_only": 409,
        "stale": 409,
        "too_large": 413,
    }.get(refusal.reason, 400)


def _body(request) -> bytes:
    """The request's body, or a refusal if it is over ``LARGEST_BODY``."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    too_large = enforcement.MessageRefused(
        f"message: is larger than {LARGEST_BODY} bytes.",
        field="message",
        reason="too_large",
    )
    if declared > LARGEST_BODY:
        raise too_large
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_large from None
    if len(body) > LARGEST_BODY:
        raise too_large
    return body


def _refused(refusal: enforcement.MessageRefused) -> JsonResponse:
    return JsonResponse(
        {"error": str(refusal), "field": refusal.field},
        status=_refusal_status(refusal),
    )


@interfaces.service_endpoint(receiving.PARTNER)
@require_POST
def receive_message(request):
    account = request.service_account
    try:
        body = _body(request)
    except enforcement.MessageRefused as refusal:
        receiving.audit_refused(
            refusal,
            actor=account.user,
            request=request,
            source=ENDPOINT_SOURCE,
            via="endpoint",
        )
        return _refused(refusal)
    try:
        interfaces.check_signature(
            receiving.PARTNER,
            body,
            request.headers.get("X-BPETS-Signature"),
            actor=account.user,
            request=request,
            source=ENDPOINT_SOURCE,
            details={"via": "endpoint"},
        )
    except interfaces.SignatureRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=401)
    try:
        outcome = receiving.receive(
            body=body,
            actor=account.user,
            units=receiving.reach_of_unit(account.unit),
            request=request,
            source=ENDPOINT_SOURCE,
        )
    except enforcement.MessageRefused as refusal:
        return _refused(refusal)
    # Numbers and counts only: the subjects never travel back.
    response = JsonResponse(
        {
            "event_number": outcome.event.enforcement_event_number,
            "bpets_number": outcome.event.number,
            "created": outcome.created,
            "fields_changed": outcome.fields_changed,
            "subjects_added": outcome.subjects_added,
            "review_items": outcome.review_items,
            "already_applied": outcome.already_applied,
        },
        status=201 if outcome.created else 200,
    )
    return interfaces.sign_response(receiving.PARTNER, response)


def _require_an_editor(user) -> None:
    if policies.is_historical_only():
        raise PermissionDenied(services.HISTORICAL_ONLY)
    if not policies.editor_units(user):
        raise PermissionDenied("Only a BSITS editor imports the enforcement system's.")


def import_records(request):
    _require_an_editor(request.user)
    form = forms.EnforcementImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcomes = receiving.import_file(
                body=upload.read(),
                signature=form.cleaned_data["signature"].strip(),
                name=upload.name,
                actor=request.user,
                units=policies.editor_units(request.user),
                request=request,
                source=IMPORT_SOURCE,
            )
        except (interfaces.SignatureRefused, enforcement.MessageRefused) as refusal:
            form.add_error(None, f"Nothing was imported. {refusal}")
        else:
            messages.success(request, _summary(outcomes))
            return redirect("bsits:reviews")
    response = render(
        request,
        "bsits/enforcement_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _summary(outcomes) -> str:
    created = sum(1 for outcome in outcomes if outcome.created)
    items = sum(outcome.review_items for outcome in outcomes)
    return (
        f"{len(outcomes)} {'message' if len(outcomes) == 1 else 'messages'} "
        f"taken: {created} new, {len(outcomes) - created} corrected; "
        f"{items} {'field' if items == 1 else 'fields'} listed for review."
    )


def _row(item) -> dict:
    station = item.event.station
    return {
        "item": item,
        "label": enforcement.label(item.field),
        "local": enforcement.shown(item.field, item.local_value, station),
        "system": enforcement.shown(item.field, item.system_value, station),
    }


def review_list(request):
    if not policies.editor_units(request.user):
        raise PermissionDenied("The review list is for the station's BSITS editors.")
    page = Paginator(selectors.open_review_items(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page)
    subjects = {item.subject.pk: item.subject for item in items if item.subject}
    access.record_subject_views(request, subjects.values(), "bsits:reviews")
    response = render(
        request,
        "bsits/review_list.html",
        {
            "page": page,
            "rows": [_row(item) for item in items],
            "may_decide": not policies.is_historical_only(),
            "decisions": ReviewDecision,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def review_decide(request, pk):
    item = access.review_item_for(request, pk)
    form = forms.ReviewDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Take the system's value or keep the local one.")
        return redirect("bsits:reviews")
    try:
        receiving.decide(
            actor=request.user, item=item, decision=form.cleaned_data["decision"]
        )
    except services.EventRefused as refusal:
        messages.error(request, str(refusal))
    else:
        label = enforcement.label(item.field).lower()
        messages.success(request, f"{item.event.number}: the {label} is decided.")
    return redirect("bsits:reviews")
