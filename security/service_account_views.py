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


NEW_TOKEN_SESSION_KEY = "bpets_new_service_token"  # noqa: S105 (a session key)


@never_cache
def service_accounts_page(request):
    accounts = _accounts_or_refuse(request)
    # A token just issued, shown on this one page after the redirect: a
    # reload of the issuing POST would otherwise issue a second one.
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    form = forms.ServiceAccountForm(
        request.POST if request.method == "POST" else None,
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
            "new_token": new_token and new_token["token"],
            "token_account": new_token
            and accounts.filter(pk=new_token["account"]).first(),
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
    # Kept in the session until the page after the redirect shows it once;
    # BPETS itself keeps only the digest.
    request.session[NEW_TOKEN_SESSION_KEY] = {"account": account.pk, "token": plaintext}
    return redirect("security:service-accounts")


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
