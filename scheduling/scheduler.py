"""The account the scheduled jobs act as, so that their history rows and
audit events name an actor even when no person started them."""

from security.models import User

USERNAME = "bpets-scheduler"


def account() -> User:
    """The scheduler's account: it cannot log in (no usable password,
    inactive) and holds no role."""
    user, created = User.objects.get_or_create(
        username=USERNAME,
        defaults={"is_active": False, "first_name": "BPETS", "last_name": "scheduler"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
