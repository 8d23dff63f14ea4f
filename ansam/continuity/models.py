from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel
from ansam.sharing.sections import Section


class Signal(BaseModel):
    """A warning of rupture in a person's accompaniment, on one organisation's dashboards (its
    managers', and the person's coordinator's). Computed by a scheduled task; closed only by an
    act (the one that made its cause go away)."""

    class Kind(models.TextChoices):
        OVERDUE_ACTION = "overdue_action", _("Action overdue")
        UNANSWERED_REFERRAL = "unanswered_referral", _("Referral unanswered")
        NO_CONTACT = "no_contact", _("No contact")
        NO_COORDINATOR = "no_coordinator", _("No coordinator")
        PLAN_REVIEW = "plan_review", _("Plan review date passed")
        PING_PONG = "ping_pong", _("Referred repeatedly without being taken on")
        NO_MINUTES = "no_minutes", _("Meeting without minutes")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # What the signal is about, as a key ("action:12": one open signal per subject and
    # organisation) and as typed references, one of which is set (none for the accompaniment
    # itself: no contact, no coordinator). Both are written by subject_refs() only.
    subject = models.CharField(max_length=60)
    action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flag = models.ForeignKey(
        "referrals.PersonFlag", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The section of what the signal is about (a referral's, an action's goal's): outside its
    # own organisation, a member of the team reads it only under that section's rule.
    section = models.CharField(max_length=30, choices=Section.choices, default=Section.IDENTITY)
    # The figures behind "why" (dates, days, names), shown in the reader's language.
    detail = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_act = models.CharField(max_length=40, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["opened_at", "id"]
        indexes = [
            models.Index(fields=["organisation", "closed_at", "opened_at"]),
            models.Index(fields=["person", "closed_at"]),
            models.Index(fields=["subject", "closed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "organisation"],
                condition=models.Q(closed_at=None),
                name="signal_open_once",
            )
        ]


SUBJECT_FIELDS = {
    "action": "action_id",
    "referral": "referral_id",
    "plan": "plan_id",
    "flag": "flag_id",
    "meeting": "meeting_id",
}


def subject_refs(subject: str) -> dict:
    """The typed references a subject key stands for: {"action_id": 12} for "action:12"."""
    kind, _, pk = subject.partition(":")
    field = SUBJECT_FIELDS.get(kind)
    return {field: int(pk)} if field and pk.isdigit() else {}
