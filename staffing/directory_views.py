"""The directory push's queue, for the staffing administrators of a station.

It shows what waits to be sent and what failed, for the people of the
stations the user administers, and lets them send a failed message again.
A message holds only what the directory lists anyway, and the page shows
no more of it than whose listing it is.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from security import policies as security_policies
from staffing import directory_delivery
from staffing.models import DirectoryMessage

State = DirectoryMessage.State


def _stations(user) -> frozenset[int]:
    stations = security_policies.reach(user, "staffing", "staffing_administrator")
    if not stations:
        raise PermissionDenied("Only staffing administrators see the directory push.")
    return stations


def directory_queue(request):
    stations = _stations(request.user)
    theirs = DirectoryMessage.objects.filter(station_id__in=stations)
    waiting = (
        theirs.filter(state__in=directory_delivery.WAITING)
        .select_related("employee", "station")
        # Failed ones first: they wait for someone; then the oldest.
        .order_by("state", "created_at", "pk")
    )
    summary = theirs.aggregate(
        pending=Count("pk", filter=Q(state=State.PENDING)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
        last_sent=Max("sent_at"),
    )
    page = Paginator(waiting, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staffing/directory_queue.html",
        {"page": page, "summary": summary, "failed_state": State.FAILED},
    )


@require_POST
def retry_message(request, pk):
    message = get_object_or_404(DirectoryMessage, pk=pk)
    if not directory_delivery.may_watch(request.user, message.station_id):
        raise PermissionDenied("This message is for another station's people.")
    try:
        directory_delivery.retry_now(actor=request.user, message_id=message.pk)
    except directory_delivery.RetryRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The message will be sent again now.")
    return redirect("staffing:directory-queue")
