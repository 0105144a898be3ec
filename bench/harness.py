"""What every benchmark starts from: Django against PostgreSQL, a scratch
database of its own, and logins that pass the access checks.

Import it before anything of Django's: it sets the environment up first.
"""

import os
import sys
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Test mode whatever the shell exports: development mode's DEBUG would keep
# the text of every query and slow every figure down.
os.environ["BPETS_ENV"] = "test"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bpets_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bpets.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


@contextmanager
def scratch_database():
    """A database made for the run and dropped after it, whatever happens."""
    setup_test_environment()
    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def make_user(username: str):
    """A login with a favourable investigation and current training."""
    from security.models import User

    today = timezone.localdate()
    return User.objects.create_user(
        username,
        password="bench-password-0",
        background_investigation_status=User.Investigation.FAVORABLE,
        background_investigation_date=today - timedelta(days=30),
        security_training_date=today - timedelta(days=10),
    )
