"""The person's own space: how they get in (a one-time code a professional of their care team
gives them, or FranceConnect once linked by that professional), and the corrections they ask
for. A person is never a professional account: their session names their record only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel


class PortalAccess(BaseModel):
    """The link between a person's record and their way in, opened by a professional of the
    care team (never by matching names)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_accesses"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The FranceConnect identity linked to the record (its "sub"), once the person used it.
    franceconnect_sub = models.CharField(max_length=255, blank=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(revoked_at=None), name="portal_access_once"
            ),
            models.UniqueConstraint(
                fields=["franceconnect_sub"],
                condition=models.Q(revoked_at=None) & ~models.Q(franceconnect_sub=""),
                name="portal_franceconnect_once",
            ),
        ]


class SignInCode(BaseModel):
    """A one-time code, valid 72 hours, checked with the birth date; five wrong birth dates
    lock it. Only its keyed digest is stored."""

    class Sent(models.TextChoices):
        PRINTED = "printed", _("Printed or read out")
        EMAIL = "email", _("By email")
        SMS = "sms", _("By text message")

    access = models.ForeignKey(PortalAccess, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    sent = models.CharField(max_length=10, choices=Sent.choices)
    expires_at = models.DateTimeField()
    failures = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


class CorrectionRequest(BaseModel):
    """A person asks for their data to be corrected (RGPD art. 16): the coordinator of their
    care team answers within a month."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="correction_requests"
    )
    text = models.TextField(_("what should be corrected"))
    due_on = models.DateField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "created_at"])]
