"""The one way the BSITS pages get an event or a subject for a user, and
the audit of every look at a subject.

An event out of the user's reach answers "not found", and the probe is
an audit event; a subject is reached only through an editor's reach over
its event's station.
"""

from django.http import Http404

from bsits import policies
from bsits.models import Event, ReviewItem, Subject
from security import audit


def _denied(request, action: str, target, station_id: int) -> None:
    audit.record(
        audit.Kind.DENIED,
        request=request,
        target=target,
        details={"action": action, "station": station_id},
    )


def event_for(request, pk: int) -> Event:
    event = Event.objects.select_related("station", "sector").filter(pk=pk).first()
    if event is None:
        raise Http404("No such event.")
    if not policies.may_see_event(request.user, event):
        _denied(request, "bsits.see_event", event, event.station_id)
        raise Http404("No such event.")
    return event


def _editors_only(request, queryset, pk: int, action: str, missing: str):
    """The row of ``queryset`` with ``pk``, for an editor over its event's
    station; anyone else is told there is none, and the probe is audited."""
    row = queryset.select_related("event__station", "event__sector").filter(pk=pk)
    row = row.first()
    if row is None:
        raise Http404(missing)
    if not policies.may_see_subjects(request.user, row.event):
        _denied(request, action, row, row.event.station_id)
        raise Http404(missing)
    return row


def subject_for(request, pk: int) -> Subject:
    return _editors_only(
        request, Subject.objects, pk, "bsits.see_subject", "No such subject."
    )


def record_subject_views(request, subjects, source: str) -> None:
    """One audit event for each subject shown, naming it by id only."""
    for subject in subjects:
        audit.record(
            audit.Kind.PERSONAL_DATA_VIEWED,
            request=request,
            target=subject,
            details={
                "module": "bsits",
                "event": subject.event_id,
                "groups": ["bsits_subject"],
            },
            source=source,
        )


def review_item_for(request, pk: int) -> ReviewItem:
    """A review item, for an editor over its event's station only: its
    values may be a subject's."""
    return _editors_only(
        request,
        ReviewItem.objects.select_related("subject"),
        pk,
        "bsits.review",
        "No such review item.",
    )
