"""The needs observatory: releases of aggregated indicators (each cell already suppressed when
stored, so no page can publish a small count), the searches that found nothing, and the
institutional partners who read it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel


class InstitutionalPartner(BaseModel):
    """A funder or an institution (a département's observatory, a CAF, an ARS, a city's social
    analysis team) that reads the observatory and the network figures, never a record. It
    belongs to no organisation of the territory: it has no care team, no referral, no record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institutional_roles"
    )
    institution = models.CharField(_("institution"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at=None), name="partner_once"
            )
        ]


class Release(BaseModel):
    """One computation of every table, published together: secondary suppression holds across
    the tables of a release (their shared totals cannot unmask a cell)."""

    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()  # exclusive
    threshold = models.PositiveSmallIntegerField()
    people = models.PositiveIntegerField(default=0)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]


class Cell(models.Model):
    """One published figure. `value` is None when suppressed (primary: too few people;
    secondary: it would let a suppressed cell be recomputed)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="cells")
    table = models.CharField(max_length=40)
    row = models.CharField(max_length=120)  # "" is the table's total row
    column = models.CharField(max_length=120)  # "" is the row's total
    value = models.FloatField(null=True)  # counts, or a median number of days
    suppressed = models.CharField(max_length=10, blank=True)  # "", "primary", "secondary"

    class Meta:
        indexes = [models.Index(fields=["release", "table"])]


class UnansweredSearch(models.Model):
    """A directory search that found no service: the need it was about and where, never the
    words typed (they may name a person)."""

    at = models.DateTimeField(auto_now_add=True)
    thematique = models.CharField(max_length=120, blank=True)
    commune = models.ForeignKey(
        "geo.Commune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["at"])]
