"""A security auditor reads the audit log of their part of the tree only."""

import pytest

from security import audit
from security.models import AuditEvent

Kind = AuditEvent.Kind


@pytest.mark.django_db
def test_a_station_auditor_reads_only_events_about_that_station(
    make_user, give, client
):
    auditor = make_user("auditor")
    give(auditor, "security", "security_auditor", "nogales")
    here = make_user("herenow")
    elsewhere = make_user("farther", home="ysleta")
    audit.record(Kind.LOGIN, actor=here)
    audit.record(Kind.LOGIN, actor=elsewhere)
    audit.record(Kind.LOGIN_FAILED, actor=None, subject_user_id=here.pk)
    audit.record(Kind.LOGIN_FAILED, actor=None, details={"username": "nobody"})
    client.force_login(auditor)

    page = client.get("/security/audit/").content.decode()

    assert "herenow" in page
    assert "farther" not in page
    assert "nobody" not in page


@pytest.mark.django_db
def test_a_headquarters_auditor_reads_everything(make_user, give, client):
    auditor = make_user("auditor", home="headquarters")
    give(auditor, "security", "security_auditor", "headquarters")
    audit.record(Kind.LOGIN, actor=make_user("farther", home="ysleta"))
    audit.record(Kind.LOGIN_FAILED, actor=None, details={"username": "nobody"})
    client.force_login(auditor)

    page = client.get("/security/audit/").content.decode()

    assert "farther" in page
    assert "nobody" in page
