"""Releasing a report outside the agency: asked for by an analyst, decided
by a release approver at headquarters who is not the one who asked, and,
once approved, issued as a PDF only, kept with the record.

Every request and decision is audited with ids and codes only.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reporting import catalog, parameters, policies
from reporting.models import ReleaseRequest
from security import audit

logger = logging.getLogger(__name__)


def request_release(*, actor, report_code: str, asked, purpose: str, recipient: str):
    """Record a request to release ``report_code`` as ``asked`` (checked
    against the actor's grants by ``parameters.read``)."""
    if report_code not in catalog.REPORTS:
        raise ValidationError({"report": "No such report."})
    if not policies.may_read(actor, asked.area.unit):
        raise PermissionDenied(
            f"Your reporting grants do not reach {asked.area.label}."
        )
    release = ReleaseRequest(
        report=report_code,
        parameters=parameters.recorded(asked),
        area_label=asked.area.label,
        purpose=purpose,
        recipient=recipient.strip(),
        requested_by=actor,
    )
    release.full_clean(exclude=["document"])
    with transaction.atomic():
        release.save()
        _audit(audit.Kind.RELEASE_REQUESTED, actor, release)
    logger.info("Release request %s recorded", release.pk)
    return release


def approve(*, actor, release: ReleaseRequest, marking: str) -> ReleaseRequest:
    """Issue the report's PDF under ``marking`` and record who approved."""
    if marking not in ReleaseRequest.Marking.values:
        raise ValidationError({"marking": "Choose a marking from the list."})
    with transaction.atomic():
        release = _pending_for(actor, release)
        report = catalog.REPORTS[release.report]
        made = _made_again(report, release)
        release.document = catalog.render_pdf(
            report,
            made,
            user=actor,
            marking=ReleaseRequest.Marking(marking).label,
        )
        release.marking = marking
        _decide(actor, release, ReleaseRequest.State.APPROVED)
    logger.info("Release request %s approved", release.pk)
    return release


def refuse(*, actor, release: ReleaseRequest, reason: str) -> ReleaseRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the release is refused."})
    with transaction.atomic():
        release = _pending_for(actor, release)
        release.refusal_reason = reason
        _decide(actor, release, ReleaseRequest.State.REFUSED)
    logger.info("Release request %s refused", release.pk)
    return release


def _pending_for(actor, release) -> ReleaseRequest:
    release = ReleaseRequest.objects.select_for_update().get(pk=release.pk)
    if release.requested_by_id == actor.pk:
        raise PermissionDenied(
            "A release is decided by someone other than the one who asked."
        )
    if not policies.may_approve_releases(actor):
        raise PermissionDenied(
            "Only release approvers at headquarters decide releases."
        )
    if release.state != ReleaseRequest.State.PENDING:
        raise ValidationError(
            f"This request was already decided ({release.get_state_display().lower()})."
        )
    return release


def _made_again(report, release):
    asked = parameters.from_record(release.parameters)
    return report.make(
        asked.places, asked.area, asked.first_year, asked.last_year, asked.cleaned
    )


def _decide(actor, release, state) -> None:
    release.state = state
    release.decided_by = actor
    release.decided_at = timezone.now()
    release.save()
    _audit(audit.Kind.RELEASE_DECIDED, actor, release)


def _audit(kind, actor, release) -> None:
    audit.record(
        kind,
        actor=actor,
        target=release,
        details={
            "module": "reporting",
            "release": release.pk,
            "report": release.report,
            "parameters": release.parameters,
            "purpose": release.purpose,
            "state": release.state,
            "marking": release.marking,
            "requested_by": release.requested_by_id,
        },
        source="reporting:release",
    )
