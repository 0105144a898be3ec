"""Each user's own notifications: listed, opened, marked read."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bpets import notifications


def listing(request):
    page = Paginator(notifications.of(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "bpets/notifications.html", {"page": page})


@require_POST
def read(request, pk):
    """Mark one read; with ``open``, go on to where it leads."""
    notification = notifications.of(request.user).filter(pk=pk).first()
    if notification is None:
        # Another's notification, or none: the same answer (and the
        # middleware audits it).
        raise Http404("No such notification of yours.")
    notifications.mark_read(request.user, [notification.pk])
    if "open" in request.POST and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts=None
    ):
        return redirect(notification.link or "notifications")
    return redirect("notifications")


@require_POST
def read_all(request):
    notifications.mark_read(request.user)
    return redirect("notifications")
