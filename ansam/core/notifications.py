"""In-app notifications: a short text and a link, never personal details beyond what the
recipient may see."""

from django.db import models

from ansam.core.models import BaseModel


class Notification(BaseModel):
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "core"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]


def notify(users, text: str, link: str = "") -> None:
    Notification.objects.bulk_create([Notification(user=u, text=text, link=link) for u in users])
