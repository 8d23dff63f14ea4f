from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log cannot be deleted.")


class AuditEvent(models.Model):
    """One read or write of personal data. Events are hash-chained: each stores the hash of the
    previous one, so that changing, deleting, inserting or reordering events is detected by
    `manage.py audit_verify`. The application refuses updates and deletes; so do database
    triggers (migration 0002)."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=300, blank=True)
    organisation_id = models.BigIntegerField(null=True)
    organisation_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=30, blank=True)
    action = models.CharField(max_length=40)
    person_id = models.BigIntegerField(null=True, db_index=True)
    section = models.CharField(max_length=30, blank=True)
    basis = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["person_id", "seq"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log cannot be deleted.")


class AuditHead(models.Model):
    """The last event's sequence number and hash; its row lock serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    key_id = models.CharField(max_length=40, blank=True)  # the key of the current epoch


class AuditKeyEpoch(models.Model):
    """From this event on, the chain is keyed with this key (by id: the secret stays outside the
    database). Events before the first epoch were chained with plain SHA-256."""

    from_seq = models.PositiveBigIntegerField(unique=True)
    key_id = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["from_seq"]


class AuditCheckpoint(models.Model):
    """When a checkpoint was last written outside the database (what was written lives there)."""

    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    written_at = models.DateTimeField(auto_now_add=True)
