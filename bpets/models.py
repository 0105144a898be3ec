"""The few tables every module shares: in-app notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """A short note to one user that something of theirs moved on.

    The text names people by their work names only and nothing of anyone's
    personal information: it may also go out by e-mail. The link leads to
    the page where the reader's own permissions decide what they see.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(max_length=200)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header's unread count, on every page.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self):
        return f"Notification {self.pk}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
