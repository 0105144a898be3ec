"""Pages where an access administrator keeps partner systems' service accounts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from security import forms, interfaces, policies, selectors
from security.services import service_accounts
from security.services.grants import GrantRefused


def _accounts_or_refuse(request):
    if not policies.is_access_administrator(request.user):
        raise PermissionDenied("Only access administrators keep service accounts.")
    return selectors.service_accounts_in_scope(request.user)


def service_accounts_page(request, new_token=None, token_account=None):
    accounts = _accounts_or_refuse(request)
    form = forms.ServiceAccountForm(
        request.POST if request.method == "POST" and new_token is None else None,
        administrator=request.user,
    )
    if form.is_bound and form.is_valid():
        try:
            account = service_accounts.create_account(
                request.user,
                partner=form.cleaned_data["partner"],
                unit=form.cleaned_data["unit"],
                name=form.cleaned_data["name"],
            )
        except GrantRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Service account {account.name} created.")
            return redirect("security:service-accounts")

    return render(
        request,
        "security/service_accounts.html",
        {
            "accounts": accounts,
            "form": form,
            "partners": interfaces.PARTNERS.values(),
            "new_token": new_token,
            "token_account": token_account,
        },
    )


@never_cache
@require_POST
def issue_token(request, pk):
    account = get_object_or_404(_accounts_or_refuse(request), pk=pk)
    try:
        _, plaintext = service_accounts.issue_token(request.user, account)
    except GrantRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("security:service-accounts")
    # Shown on this response only: BPETS keeps the digest, never the token.
    return service_accounts_page(request, new_token=plaintext, token_account=account)


@require_POST
def revoke_token(request, pk):
    accounts = _accounts_or_refuse(request)
    account = get_object_or_404(accounts, tokens__pk=pk)
    token = account.tokens.get(pk=pk)
    try:
        service_accounts.revoke_token(request.user, token)
    except GrantRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Token {token.prefix}… of {account.name} revoked.")
    return redirect("security:service-accounts")
