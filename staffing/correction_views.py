"""Pages for correction requests: asking, following, deciding."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from security import audit
from security import policies as security_policies
from staffing import corrections, policies
from staffing.forms import CorrectionDecisionForm, CorrectionRequestForm
from staffing.models import CorrectionRequest


def my_corrections(request):
    """The person's requests, and the form to make a new one."""
    me = policies.employee_of(request.user)
    if me is None:
        raise Http404("Your login has no employee record.")

    choices = [
        (name, corrections.field_label(name)) for name in corrections.CORRECTABLE_FIELDS
    ]
    form = CorrectionRequestForm(
        request.POST or None,
        choices=choices,
        initial={"field_name": request.GET.get("field", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            corrections.request_correction(
                actor=request.user, employee=me, **form.cleaned_data
            )
        except corrections.CorrectionRefused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request, "Your request is with personnel; its state shows below."
            )
            return redirect("staffing:my-corrections")

    on_record = {
        name: corrections.shown_value(me, name)
        for name in corrections.CORRECTABLE_FIELDS
    }
    return render(
        request,
        "staffing/corrections/mine.html",
        {
            "form": form,
            "requests": _with_labels(me.correction_requests.all()),
            "on_record": [
                (corrections.field_label(name), value or "—")
                for name, value in on_record.items()
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


def queue(request):
    """Open requests for the personnel over the people's stations."""
    if not security_policies.holds_role(request.user, "staffing", "personnel"):
        raise PermissionDenied("Correction requests are decided by personnel.")
    return render(
        request,
        "staffing/corrections/queue.html",
        {"requests": _with_labels(corrections.open_for_personnel(request.user))},
    )


def detail(request, pk):
    correction = get_object_or_404(
        CorrectionRequest.objects.select_related(
            "employee__duty_station__parent", "decided_by", "requested_by"
        ),
        pk=pk,
    )
    if not corrections.may_read(request.user, correction):
        # Whether the request exists is itself not for everyone to learn.
        audit.record(
            audit.Kind.DENIED,
            request=request,
            target=correction,
            subject_user_id=correction.employee.user_id,
            details={"action": "read correction request"},
        )
        raise Http404("No such correction request.")

    may_decide = corrections.may_decide(request.user, correction)
    form = CorrectionDecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        response = _act(request, correction, form)
        if response is not None:
            return response

    correction.label = corrections.field_label(correction.field_name)
    return render(
        request,
        "staffing/corrections/detail.html",
        {
            "correction": correction,
            "form": form,
            "is_open": correction.state == CorrectionRequest.State.OPEN,
            "is_own": correction.employee.user_id == request.user.pk,
            "current_value": corrections.shown_value(
                correction.employee, correction.field_name
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


def _act(request, correction, form):
    """Carry out a POST; a redirect when done, None to show the page again."""
    try:
        if "withdraw" in request.POST:
            corrections.withdraw(actor=request.user, correction=correction)
            messages.success(request, "Your request is withdrawn.")
            return redirect("staffing:my-corrections")
        if form is None:
            # Not theirs to decide: the service refuses and audits the try.
            corrections.accept(actor=request.user, correction=correction)
        if not form.is_valid():
            return None
        if form.cleaned_data["decision"] == "accept":
            corrections.accept(actor=request.user, correction=correction)
            messages.success(request, "Accepted; the record now holds the value.")
        else:
            corrections.decline(
                actor=request.user,
                correction=correction,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Declined; the person can read your reason.")
        return redirect("staffing:corrections")
    except corrections.CorrectionRefused as refusal:
        if form is None:
            messages.error(request, str(refusal))
            return None
        form.add_refusal(refusal)
        return None


def _with_labels(requests):
    requests = list(requests)
    for correction in requests:
        correction.label = corrections.field_label(correction.field_name)
    return requests
