"""Partnership agreements (conventions de partenariat) that every party has really accepted:
each party's missions and contributions side by side, a frozen version for each proposal and
amendment, and each party's signatory's answer to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel


class Agreement(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed, awaiting the parties")
        IN_FORCE = "in_force", _("In force")
        DECLINED = "declined", _("Declined by a party")
        EXPIRED = "expired", _("Expired")
        ENDED = "ended", _("Ended")

    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("object"))
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    review_on = models.DateField(_("review date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The amendment being drafted or proposed (0: the agreement itself), and the one in force.
    amendment = models.PositiveIntegerField(default=0)
    in_force_amendment = models.PositiveIntegerField(null=True, blank=True)
    in_force_since = models.DateTimeField(null=True, blank=True)
    renewal_alerted_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class Party(BaseModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    missions = models.TextField(_("missions"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # Who answers for the party: a member given the right; otherwise any of its managers.
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="party_once")
        ]


class Contribution(BaseModel):
    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        STAFF = "staff", _("Staff time")
        SKILLS = "skills", _("Skills")
        PREMISES = "premises", _("Premises")
        EQUIPMENT = "equipment", _("Equipment")
        OTHER = "other", _("Other")

    class Unit(models.TextChoices):
        EUROS = "euros", _("euros")
        HOURS = "hours", _("hours")
        FTE = "fte", _("FTE")
        NONE = "", "—"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]


class Indicator(BaseModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    how = models.CharField(_("how it is measured"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]


class Version(models.Model):
    """The content as proposed (number 0) or amended (1, 2…), frozen with its hash, and the
    parties asked to accept it: all for the agreement, those whose missions or contributions
    changed for an amendment."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    asked = models.JSONField(default=list)  # party ids
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_version_once")
        ]


class Answer(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="answers")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="answers")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    shown_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="agreement_answer_once")
        ]
