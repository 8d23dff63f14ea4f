from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel
from ansam.sharing.sections import Section


class State(models.TextChoices):
    SENT = "sent", _("Sent")
    SEEN = "seen", _("Seen")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    REDIRECTED = "redirected", _("Redirected")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


PENDING = {State.SENT, State.SEEN}
OPEN = PENDING | {State.ACCEPTED, State.IN_PROGRESS}
TAKEN_ON = {State.ACCEPTED, State.IN_PROGRESS, State.CLOSED}


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_CAPACITY = "no_capacity", _("No capacity")
    OUTSIDE_AREA = "outside_area", _("Outside our area")
    UNREACHABLE = "unreachable", _("Person unreachable")
    BETTER_ELSEWHERE = "better_elsewhere", _("Better answered elsewhere")
    PERSON_DECLINED = "person_declined", _("The person declined")
    OTHER = "other", _("Other reason")


class Outcome(models.TextChoices):
    MET = "met", _("Need met")
    PARTLY_MET = "partly_met", _("Need partly met")
    NOT_MET = "not_met", _("Need not met")
    WITHDREW = "withdrew", _("The person withdrew")


class Referral(BaseModel):
    """An orientation of a person towards a partner's service, and its closed loop."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(
        "organisations.Service", null=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    service_name = models.CharField(max_length=150)  # kept if the service is removed
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    receiver_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_assigned",
    )
    thematique = models.CharField(_("need"), max_length=120, blank=True)
    # The record's section the referral's own content (need, summary, answers) belongs to: a
    # member of the care team reads it only under that section's rule.
    section = models.CharField(
        _("section"), max_length=30, choices=Section.choices, default=Section.DAILY_LIFE
    )
    need_words = models.TextField(_("the need, in the person's words"))
    reason = models.TextField(_("why this service"), blank=True)
    sections = models.JSONField(_("sections shared"), default=list, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENT)
    answer_due_on = models.DateField()
    remind_after_days = models.PositiveSmallIntegerField(default=10)
    expire_after_days = models.PositiveSmallIntegerField(default=30)
    reminded_at = models.DateTimeField(null=True, blank=True)
    appointment_at = models.DateTimeField(_("first appointment"), null=True, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    answer_text = models.TextField(blank=True)
    suggested_service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redirected_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The referral this one follows (redirection, suggestion, retry).",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outside_ansam = models.BooleanField(default=False)
    basis_override_reason = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    # Not stored: set by referral_send when the same form was sent again (nothing new created).
    replayed = False
    # Not stored: a team member's record access, set by access.fetch.access_referral_by_id.
    reader_access: Any = None

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["receiver_organisation", "state", "created_at"]),
            models.Index(fields=["sender_organisation", "state", "created_at"]),
            models.Index(fields=["sender", "state", "created_at"]),
            models.Index(fields=["assigned_to", "state", "created_at"]),
            models.Index(fields=["person", "created_at"]),
            models.Index(fields=["state", "answer_due_on"]),
            # The network diagnostic reads a period's referrals from this index alone (a
            # million referrals: 3.3 s reading the table on SQLite, 1.9 s this index).
            models.Index(
                fields=[
                    "created_at",
                    "sender_organisation",
                    "receiver_organisation",
                    "state",
                    "person",
                    "outside_ansam",
                ],
                name="referral_network",
            ),  # fmt: skip
            # The open queues, in the order they are shown: the page reads 25 index entries.
            models.Index(
                fields=["receiver_organisation", "-urgent", "answer_due_on", "-created_at"],
                condition=models.Q(state__in=["sent", "seen", "accepted", "in_progress"]),
                name="referral_open_inbox",
            ),
            models.Index(
                fields=["sender", "-urgent", "answer_due_on", "-created_at"],
                condition=models.Q(state__in=["sent", "seen", "accepted", "in_progress"]),
                name="referral_open_sent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="referral_idempotency",
            )
        ]


class ReferralEvent(models.Model):
    """Each state change, with the organisations as they were at that moment: statistics stay
    true after people move."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=300, blank=True)
    actor_organisation_name = models.CharField(max_length=150, blank=True)
    sender_organisation_id_at = models.BigIntegerField()
    sender_organisation_name_at = models.CharField(max_length=150)
    receiver_organisation_id_at = models.BigIntegerField()
    receiver_organisation_name_at = models.CharField(max_length=150)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class PersonFlag(BaseModel):
    """A warning on a person: referred again and again without anyone taking them on."""

    class Kind(models.TextChoices):
        PING_PONG = "ping_pong", _("Referred repeatedly without being taken on")
        LOOP = "loop", _("Sent back and forth between the same partners")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    thematique = models.CharField(max_length=120, blank=True)
    section = models.CharField(max_length=30, choices=Section.choices, default=Section.DAILY_LIFE)
    detail = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
