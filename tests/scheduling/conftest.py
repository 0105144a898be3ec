import pytest


@pytest.fixture
def chain(people, give):
    """The first-line supervisor schedules the subject; the peer is a
    scheduling supervisor at the station outside the subject's chain."""
    give(people["first_line"], "scheduling", "supervisor", "nogales")
    give(people["peer"], "scheduling", "supervisor", "nogales")
    return people
