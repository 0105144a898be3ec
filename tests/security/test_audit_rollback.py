"""An event about a change is written only if the change is kept."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from security import audit
from security.models import AuditEvent

Kind = AuditEvent.Kind


class Undone(Exception):
    pass


def serve(view):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return audit.AuditMiddleware(view)(request)


def kinds_written():
    return sorted(AuditEvent.objects.values_list("kind", flat=True))


@pytest.mark.django_db(transaction=True)
class TestInARequest:
    def test_a_change_rolled_back_leaves_no_event_but_a_refusal_stays(self):
        def view(request):
            try:
                with transaction.atomic():
                    audit.record(Kind.ACCOUNT_CREATED, details={"user": 1})
                    audit.record(Kind.DENIED, details={"action": "test"})
                    raise Undone
            except Undone:
                pass
            return HttpResponse("ok")

        serve(view)

        assert kinds_written() == [Kind.DENIED]

    def test_a_change_committed_keeps_its_event(self):
        def view(request):
            with transaction.atomic():
                audit.record(Kind.ACCOUNT_CREATED, details={"user": 1})
            return HttpResponse("ok")

        serve(view)

        assert kinds_written() == [Kind.ACCOUNT_CREATED]

    def test_only_the_savepoint_rolled_back_loses_its_events(self):
        def view(request):
            with transaction.atomic():
                audit.record(Kind.GRANT, details={"grant": 1})
                try:
                    with transaction.atomic():
                        audit.record(Kind.GRANT, details={"grant": 2})
                        raise Undone
                except Undone:
                    pass
            return HttpResponse("ok")

        serve(view)

        assert list(AuditEvent.objects.values_list("details", flat=True)) == [
            {"grant": 1}
        ]

    def test_an_event_outside_any_transaction_is_written(self):
        def view(request):
            audit.record(Kind.LOGOUT)
            return HttpResponse("ok")

        serve(view)

        assert kinds_written() == [Kind.LOGOUT]


@pytest.mark.django_db(transaction=True)
class TestOutsideARequest:
    def test_a_command_keeps_its_refusal_when_its_work_rolls_back(self):
        from security.commands import AuditedCommand

        class Failing(AuditedCommand):
            def handle(self, *args, **options):
                with transaction.atomic():
                    audit.record(Kind.GRANT, details={"grant": 1})
                    audit.record(Kind.DENIED, details={"action": "test"})
                    raise Undone

        with pytest.raises(Undone):
            Failing().execute(
                stdout=None,
                stderr=None,
                no_color=True,
                force_color=False,
                skip_checks=True,
            )

        assert kinds_written() == [Kind.DENIED]

    def test_a_celery_task_keeps_its_refusal(self, settings):
        from celery import shared_task

        @shared_task
        def refused():
            with transaction.atomic():
                audit.record(Kind.ACCOUNT_CREATED, details={"user": 1})
                audit.record(Kind.DENIED, details={"action": "test"})
                raise Undone

        with pytest.raises(Undone):
            refused.apply(throw=True)

        assert kinds_written() == [Kind.DENIED]
