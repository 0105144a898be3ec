"""Pages for holding, asking for and giving access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from security import audit, forms, policies, selectors, services
from security.models import AccessRequest, RoleGrant, User
from security.services.accounts import training_due_since
from security.services.grants import GrantRefused


def my_access(request):
    form = forms.AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        module, code = form.role_parts()
        try:
            services.request_access(
                requester=request.user,
                module=module,
                role=code,
                unit=form.cleaned_data["unit"],
                reason=form.cleaned_data["reason"],
            )
        except GrantRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your request was sent.")
            return redirect("security:my-access")

    return render(
        request,
        "security/my_access.html",
        {
            "grants": selectors.grants_of(request.user),
            "access_requests": selectors.access_requests_of(request.user),
            "form": form,
            "training_due_since": training_due_since(request.user),
        },
    )


@require_POST
def withdraw_request(request, pk):
    access_request = _in_scope_or_404(
        request,
        AccessRequest.objects.filter(requester=request.user),
        AccessRequest,
        pk,
        "withdraw access request",
    )
    try:
        services.withdraw_access_request(
            requester=request.user, access_request=access_request
        )
    except GrantRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The request was withdrawn.")
    return redirect("security:my-access")


def requests_to_decide(request):
    pending = selectors.access_requests_to_decide(request.user)
    return render(
        request,
        "security/requests_to_decide.html",
        {"pending": pending, "form": forms.DecisionForm()},
    )


@require_POST
def decide_request(request, pk):
    access_request = _in_scope_or_404(
        request,
        selectors.access_requests_to_decide(request.user),
        AccessRequest,
        pk,
        "decide access request",
    )
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "security/requests_to_decide.html",
            {
                "pending": selectors.access_requests_to_decide(request.user),
                "form": form,
                "form_for": access_request.pk,
            },
            status=400,
        )
    try:
        services.decide_access_request(
            decider=request.user,
            access_request=access_request,
            approve=form.cleaned_data["decision"] == "grant",
            reason=form.cleaned_data["reason"],
        )
    except GrantRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"The request was {access_request.get_status_display().lower()}."
        )
    return redirect("security:requests-to-decide")


def _in_scope_or_404(request, scoped, model, pk, action):
    """The object if it lies in the user's scope; a 404 otherwise.

    A probe of something that exists but is outside the scope is a denied
    attempt, and recorded as one; a 404 either way, so ids reveal nothing.
    """
    found = scoped.filter(pk=pk).first()
    if found is not None:
        return found
    if model.objects.filter(pk=pk).exists():
        audit.record(
            audit.Kind.DENIED,
            request=request,
            details={"action": action, "object": model._meta.label, "id": pk},
        )
    raise Http404("Not found in your scope.")


def _act_with_reason(request, *, back_to, missing, done, act):
    """Run a service that needs a reason, say how it went, back to the person."""
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
    else:
        try:
            act(form.cleaned_data["reason"])
        except GrantRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done)
    return redirect("security:person", pk=back_to)


def _require_access_administrator(request):
    if not policies.is_access_administrator(request.user):
        raise PermissionDenied("Only access administrators manage people's access.")


def people(request):
    _require_access_administrator(request)
    search = request.GET.get("q", "").strip()
    page = Paginator(selectors.people_in_scope(request.user, search), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "security/people.html", {"page": page, "search": search})


def person(request, pk):
    _require_access_administrator(request)
    subject = _in_scope_or_404(
        request, selectors.people_in_scope(request.user), User, pk, "see person"
    )
    grant_form = forms.GrantForm(
        request.POST if request.POST.get("action") == "grant" else None,
        grantor=request.user,
    )
    investigation_form = forms.InvestigationForm(
        request.POST if request.POST.get("action") == "investigation" else None,
        initial={
            "status": subject.background_investigation_status,
            "completed_on": subject.background_investigation_date,
        },
    )

    if request.method == "POST" and grant_form.is_bound and grant_form.is_valid():
        module, code = grant_form.role_parts()
        try:
            services.grant_role(
                grantor=request.user,
                user=subject,
                module=module,
                role=code,
                unit=grant_form.cleaned_data["unit"],
                reason=grant_form.cleaned_data["reason"],
                starts_on=grant_form.cleaned_data["starts_on"],
                ends_on=grant_form.cleaned_data["ends_on"],
            )
        except GrantRefused as refusal:
            grant_form.add_error(None, str(refusal))
        else:
            messages.success(request, "The role was granted.")
            return redirect("security:person", pk=subject.pk)

    if (
        request.method == "POST"
        and investigation_form.is_bound
        and investigation_form.is_valid()
    ):
        try:
            services.record_background_investigation(
                actor=request.user,
                user=subject,
                status=investigation_form.cleaned_data["status"],
                completed_on=investigation_form.cleaned_data["completed_on"],
            )
        except GrantRefused as refusal:
            investigation_form.add_error(None, str(refusal))
        else:
            messages.success(request, "The investigation was recorded.")
            return redirect("security:person", pk=subject.pk)

    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "security/person.html",
        {
            "subject": subject,
            "grants": selectors.grants_of(subject),
            "grant_form": grant_form,
            "investigation_form": investigation_form,
            "revoke_form": forms.ReasonForm(),
        },
        status=status,
    )


@require_POST
def revoke(request, pk):
    _require_access_administrator(request)
    grant = _in_scope_or_404(
        request,
        RoleGrant.objects.filter(user__in=selectors.people_in_scope(request.user)),
        RoleGrant,
        pk,
        "revoke grant",
    )
    return _act_with_reason(
        request,
        back_to=grant.user_id,
        missing="Say why the role is revoked.",
        done="The role was revoked.",
        act=lambda reason: services.revoke_grant(
            revoker=request.user, grant=grant, reason=reason
        ),
    )


@require_POST
def deactivate(request, pk):
    _require_access_administrator(request)
    subject = _in_scope_or_404(
        request, selectors.people_in_scope(request.user), User, pk, "disable account"
    )
    return _act_with_reason(
        request,
        back_to=subject.pk,
        missing="Say why the account is disabled.",
        done="The account was disabled and its roles revoked.",
        act=lambda reason: services.deactivate_account(
            actor=request.user, user=subject, reason=reason
        ),
    )


def new_account(request):
    _require_access_administrator(request)
    form = forms.AccountForm(request.POST or None, creator=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_account(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("password", error)
        except GrantRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"The account {user.username} was created.")
            return redirect("security:person", pk=user.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "security/account_form.html", {"form": form}, status=status)


def lockouts(request):
    _require_access_administrator(request)
    if request.method == "POST":
        try:
            lifted = services.lift_lockout(
                actor=request.user,
                username=request.POST.get("username", ""),
                ip_address=request.POST.get("ip_address") or None,
            )
        except GrantRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Lockout lifted ({lifted} records cleared).")
        return redirect("security:lockouts")
    return render(
        request,
        "security/lockouts.html",
        {"lockouts": selectors.lockouts_in_scope(request.user)},
    )


def training(request):
    form = forms.TrainingForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.attest_training(
                user=request.user, completed_on=form.cleaned_data["completed_on"]
            )
        except GrantRefused as refusal:
            form.add_error("completed_on", str(refusal))
        else:
            messages.success(request, "Thank you: your training date is recorded.")
            return redirect(next_url or reverse("home"))
    return render(
        request,
        "security/training.html",
        {
            "form": form,
            "next": next_url,
            "due_since": training_due_since(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )
