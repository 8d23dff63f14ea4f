"""The personalised plan: the person's needs in their own words, goals and actions; proposed
versions, frozen as they were shown, and the signatures of the person and of each partner."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel
from ansam.sharing.sections import Section


class Plan(BaseModel):
    """One plan per person. Its needs, goals and actions are the working draft; what was agreed
    lives in its versions."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="plan")
    review_on = models.DateField(_("review date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["review_on"])]


class Need(BaseModel):
    """A need as the person said it. The words are never edited: the professionals' assessment
    sits beside them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="needs")
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    words = models.TextField(_("in the person's own words"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by_name = models.CharField(max_length=300)
    written_by_organisation_name = models.CharField(max_length=150)
    assessment = models.TextField(_("professional assessment"), blank=True)
    assessment_by_name = models.CharField(max_length=300, blank=True)
    assessment_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]


class Goal(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    text = models.CharField(_("goal"), max_length=300)
    removed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]


class Action(BaseModel):
    class Holder(models.TextChoices):
        ORGANISATION = "organisation", _("An organisation of the care team")
        PROFESSIONAL = "professional", _("A named professional")
        PERSON = "person", _("The person")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    holder = models.CharField(_("who is responsible"), max_length=20, choices=Holder.choices)
    # The organisation that answers for the action (also for a named professional).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_actions",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    abandon_reason = models.CharField(_("reason"), max_length=300, blank=True)
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "created_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["professional", "status", "due_on"]),
            models.Index(fields=["organisation", "status", "due_on"]),
        ]

    @property
    def is_open(self) -> bool:
        return not self.removed and self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)


class PlanVersion(BaseModel):
    """A proposal, frozen as shown: what each party signs."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    review_on = models.DateField(null=True, blank=True)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_name = models.CharField(max_length=300)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]


class Signature(BaseModel):
    """One party's answer to one version: the person, or a partner organisation for the actions
    it holds. A party whose commitments did not change keeps its signature (carried_from)."""

    class Decision(models.TextChoices):
        SIGNED = "signed", _("Signed")
        REFUSED = "refused", _("Refused")

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person, signed printout uploaded")
        OWN_SPACE = "own_space", _("In their own space")
        ONLINE = "online", _("In Ansam, by a member of the organisation")

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="signatures")
    # "person" or the organisation's id: one answer per party and version.
    party = models.CharField(max_length=40)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # Goals or actions the person refuses, by key, with the reason in their words.
    refusals = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    how = models.CharField(max_length=20, choices=How.choices)
    covered_hash = models.CharField(max_length=64)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=300)
    signed_on = models.DateField()
    file = models.FileField(upload_to="signatures/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="signature_once")]
