import pytest

from checkpoints import loading
from checkpoints.models import Checkpoint


@pytest.fixture
def checkpoints(organization):
    """The real list, loaded; the load's report."""
    return loading.load_checkpoints()


@pytest.fixture
def checkpoint(checkpoints):
    def find(name, state=None):
        found = Checkpoint.objects.filter(name=name)
        return found.get(state=state) if state else found.get()

    return find


@pytest.fixture
def tucson_admin(make_user, give):
    admin = make_user("tucsonadmin")
    give(admin, "checkpoints", "checkpoint_administrator", "tucson")
    return admin


@pytest.fixture
def el_paso_admin(make_user, give):
    admin = make_user("elpasoadmin", home="ysleta")
    give(admin, "checkpoints", "checkpoint_administrator", "el_paso")
    return admin


@pytest.fixture
def tucson_viewer(make_user, give):
    viewer = make_user("tucsonviewer")
    give(viewer, "checkpoints", "viewer", "tucson")
    return viewer
