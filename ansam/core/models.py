import uuid

from django.db import models


class BaseModel(models.Model):
    """Internal integer key, public UUID (the only id that leaves the database), timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


from ansam.core.idempotency import IdempotencyKey  # noqa: E402, F401  (the app's model)
from ansam.core.notifications import Notification  # noqa: E402, F401  (the app's model)
