"""Checkpoints of the audit chain, outside the database."""

from django.conf import settings
from django_tasks import task

from ansam.access.audit_anchor import write_checkpoint


@task()
def audit_checkpoint() -> int:
    body = write_checkpoint()
    return body["seq"] if body else 0


PERIODIC = [(audit_checkpoint, settings.ANSAM_AUDIT_CHECKPOINT_SECONDS)]
