"""The events list costs the same queries for more events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_does_not_grow_a_query_per_event(rescue, record, viewer, client):
    client.force_login(viewer)
    url = reverse("bsits:list")
    few = queries_of(client, url)

    for _ in range(5):
        record()

    assert queries_of(client, url) == few
