"""Coordination meetings that keep each viewpoint: who was invited and answered, each
participant's own reading of the situation and proposal (attributed, versioned, never merged),
what the meeting agreed on and where it differed, decisions that become plan actions, private
notes, and a personal calendar feed."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel
from ansam.sharing.sections import Section


class Meeting(BaseModel):
    class Kind(models.TextChoices):
        PERSON = "person", _("Coordination meeting about a person")
        PARTNERSHIP = "partnership", _("Partnership meeting")
        PEER_GROUP = "peer_group", _("Peer-group session")
        GOVERNANCE = "governance", _("Governance session")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # The calendar entry's identity and revision (RFC 5545): the UID never changes, SEQUENCE
    # grows with each change sent to the invitees.
    uid = models.CharField(max_length=100, unique=True, default="")
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    minutes_closed_at = models.DateTimeField(null=True, blank=True)
    summary_for_person = models.TextField(blank=True)  # frozen when the minutes close
    body = models.ForeignKey(
        "partnerships.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    peer_group = models.ForeignKey(
        "meetings.PeerGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["person", "starts_at"])]

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@ansam"
        super().save(*args, **kwargs)


class Participant(BaseModel):
    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        PERSON = "person", _("The person")
        COMPANION = "companion", _("Someone the person brings")
        EXTERNAL = "external", _("Invitee outside Ansam")

    class Answer(models.TextChoices):
        NEEDS_ACTION = "needs-action", _("No answer yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        TENTATIVE = "tentative", _("Tentative")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    answer = models.CharField(max_length=20, choices=Answer.choices, default=Answer.NEEDS_ACTION)
    answered_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # For those without an account: the answer link's token, kept hashed.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(removed_at=None, user__isnull=False),
                name="meeting_participant_once",
            )
        ]


class Viewpoint(BaseModel):
    """One participant's reading of the situation and what they propose, in their own words:
    attributed to them, edited only by them (or, for someone without an account, written down
    by the organiser as they said it), every earlier version kept."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="viewpoints")
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="viewpoint"
    )
    section = models.CharField(
        _("part of the record"), max_length=30, choices=Section.choices, default=Section.DAILY_LIFE
    )
    reading = models.TextField(_("their reading of the situation"))
    proposal = models.TextField(_("what they propose"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    confirmed_at = models.DateTimeField(null=True, blank=True)


class ViewpointVersion(models.Model):
    viewpoint = models.ForeignKey(Viewpoint, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    reading = models.TextField()
    proposal = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]


class MinutesPart(BaseModel):
    class Kind(models.TextChoices):
        AGREE = "agree", _("What we agree on")
        DIFFER = "differ", _("Where we differ")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    section = models.CharField(
        _("part of the record"), max_length=30, choices=Section.choices, default=Section.DAILY_LIFE
    )
    text = models.TextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "created_at", "id"]


class Decision(BaseModel):
    """Decided in the meeting: who does what, by when; for a meeting about a person it becomes
    an action of their plan (and so needs the plan's agreement, as any action does)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision"), max_length=300)
    section = models.CharField(
        _("part of the record"), max_length=30, choices=Section.choices, default=Section.DAILY_LIFE
    )
    owner_name = models.CharField(max_length=200)  # as said in the minutes, kept if they leave
    due_on = models.DateField(_("due date"), null=True, blank=True)
    action = models.ForeignKey(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]


class PrivateNote(BaseModel):
    """Seen by its author only; never in the minutes, the summary or an export."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private note"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="private_note_once")
        ]


class CalendarFeed(BaseModel):
    """A professional's personal .ics address (a secret URL a calendar subscribes to)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)


class PeerGroup(BaseModel):
    """A group for the analysis of practice or supervision: members who meet in sessions and
    discuss pseudonymised cases."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="peer_groups")

    class Meta:
        ordering = ["name", "id"]


class CasePresentation(BaseModel):
    """A situation told to a peer group without anyone there recognising the person: the
    author's text, what replaces each identifier (reviewed one by one by the author), and the
    pseudonymised text, shared only once reviewed. Only the author can trace it to the person."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("To review")
        REVIEWED = "reviewed", _("Reviewed")
        SHARED = "shared", _("Shared with the group")

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="presentations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    source_text = models.TextField()  # the author's own words, identifiers included
    spans = models.JSONField(
        default=list
    )  # each: start, end, text, kind, replacement, flagged, decision
    text = models.TextField(blank=True)  # the pseudonymised text, once reviewed
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
