"""Pages for leave and schedule change requests: one's own, the ones to
decide, and each request with its history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bpets.views import ModuleLandingView
from scheduling import g259, g481, panels, request_selectors, requests
from scheduling.models import LeaveRequest, ScheduleChangeRequest
from scheduling.request_forms import LeaveRequestForm, ScheduleChangeForm, StepForm
from security import audit
from security import policies as security_policies
from staffing import policies as staffing_policies

# Those who read the station's reference data; a dispatcher sees only who
# is on shift now.
SCHEDULING_ROLES = ("supervisor", "scheduling_administrator")


class Landing(ModuleLandingView):
    """Scheduling's landing page: each way in its reader may take."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["has_employee_record"] = staffing_policies.employee_of(user) is not None
        context["decides_requests"] = request_selectors.decides_anywhere(user)
        context["reads_g259s"] = g259.stations_read_by(user).exists()
        context["sees_on_shift"] = g481.stations_on_shift_for(user).exists()
        context["holds_scheduling_role"] = any(
            security_policies.holds_role(user, "scheduling", role)
            for role in SCHEDULING_ROLES
        )
        return context


def mine(request):
    employee = staffing_policies.employee_of(request.user)
    return render(
        request,
        "scheduling/requests/mine.html",
        {
            "employee": employee,
            "leave_requests": request_selectors.own_leave_requests(request.user),
            "change_requests": request_selectors.own_change_requests(request.user),
        },
    )


def new_leave(request):
    form = LeaveRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leave_request = requests.request_leave(
                actor=request.user,
                leave_type=data["leave_type"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                hours=data["hours"],
                remarks=data["remarks"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "Your leave request was sent to your supervisor.")
            return redirect("scheduling:leave-request", pk=leave_request.pk)
    return render(
        request,
        "scheduling/requests/new.html",
        {"form": form, "title": "Request leave"},
        status=400 if form.errors else 200,
    )


def new_change(request):
    form = ScheduleChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = requests.request_change(
                actor=request.user,
                day=data["day"],
                wanted=data["wanted"],
                shift_start_time=data["shift_start_time"],
                shift_length_minutes=form.shift_length_minutes,
                remarks=data["remarks"],
            )
        except ValidationError as problem:
            if hasattr(problem, "error_dict") and "shift_length_minutes" in (
                problem.error_dict
            ):
                problem.error_dict["shift_hours"] = problem.error_dict.pop(
                    "shift_length_minutes"
                )
            form.add_error(None, problem)
        else:
            messages.success(
                request, "Your schedule change request was sent to your supervisor."
            )
            return redirect("scheduling:change-request", pk=change.pk)
    return render(
        request,
        "scheduling/requests/new.html",
        {"form": form, "title": "Request a schedule change"},
        status=400 if form.errors else 200,
    )


def to_decide(request):
    return render(
        request,
        "scheduling/requests/to_decide.html",
        {"pending": request_selectors.to_decide(request.user)},
    )


def leave_request(request, pk):
    return _detail(request, _visible_or_404(request, LeaveRequest, pk))


def change_request(request, pk):
    return _detail(request, _visible_or_404(request, ScheduleChangeRequest, pk))


@require_POST
def leave_request_step(request, pk):
    return _step(request, _visible_or_404(request, LeaveRequest, pk))


@require_POST
def change_request_step(request, pk):
    return _step(request, _visible_or_404(request, ScheduleChangeRequest, pk))


def _visible_or_404(request, model, pk):
    """The request if the user may see it; a 404 otherwise, audited."""
    found = (
        model.objects.select_related(
            "employee__duty_station", "employee__user", "decided_by", "cancelled_by"
        )
        .filter(pk=pk)
        .first()
    )
    if found is not None and requests.may_see(request.user, found.employee):
        return found
    if found is not None:
        audit.record(
            audit.Kind.DENIED,
            request=request,
            subject_user_id=found.employee.user_id,
            details={"action": "see request", "object": model._meta.label, "id": pk},
        )
    raise Http404("No such request in your reach.")


def _detail(request, request_row, status=200):
    is_leave = isinstance(request_row, LeaveRequest)
    return render(
        request,
        "scheduling/requests/detail.html",
        {
            "item": request_selectors.shown(request.user, request_row),
            "history": request_selectors.steps_of(request_row),
            "panels": (
                panels.leave_request_panels(request, request_row) if is_leave else []
            ),
        },
        status=status,
    )


STEPS = {
    "approve": lambda actor, row, reason: requests.decide(
        actor=actor, request_row=row, approve=True, reason=reason
    ),
    "deny": lambda actor, row, reason: requests.decide(
        actor=actor, request_row=row, approve=False, reason=reason
    ),
    "withdraw": lambda actor, row, reason: requests.withdraw(
        actor=actor, request_row=row
    ),
    "cancel": lambda actor, row, reason: requests.cancel(
        actor=actor, request_row=row, reason=reason
    ),
}
DONE = {
    "approve": "approved",
    "deny": "denied",
    "withdraw": "withdrawn",
    "cancel": "cancelled",
}


def _step(request, request_row):
    """Take one step; from the list of requests to decide, in place (htmx)."""
    form = StepForm(request.POST)
    problem = None
    if not form.is_valid():
        problem = " ".join(form.errors.get("action", ["Choose what to do."]))
    else:
        action = form.cleaned_data["action"]
        try:
            request_row = STEPS[action](
                request.user, request_row, form.cleaned_data["reason"]
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
        except requests.RequestRefused as refusal:
            problem = str(refusal)

    if request.headers.get("HX-Request"):
        # The list's card for this request, redrawn in place.
        return render(
            request,
            "scheduling/requests/_decision.html",
            {
                "item": request_selectors.shown(request.user, request_row),
                "problem": problem,
                "typed_reason": request.POST.get("reason", ""),
                "done": None if problem else DONE[form.cleaned_data["action"]],
            },
        )
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, f"The request was {DONE[action]}.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect(
        reverse(requests.kind_of(request_row).url_name, args=[request_row.pk])
    )
