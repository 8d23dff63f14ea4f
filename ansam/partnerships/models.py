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


class Channel(BaseModel):
    """A referral channel the agreement sets: a referral from a party to this service is
    answered within the agreed delay."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="channels")
    service = models.ForeignKey("organisations.Service", on_delete=models.CASCADE, related_name="+")
    answer_days = models.PositiveSmallIntegerField(_("answer within (days)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "service"], name="channel_once")
        ]


class Document(BaseModel):
    class Kind(models.TextChoices):
        SIGNED = "signed", _("Signed agreement")
        ANNEX = "annex", _("Annex")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="agreements/%Y/")
    name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


class Evaluation(BaseModel):
    """At a review date: each indicator's value as the parties enter it, and what Ansam counted
    of their work together (frozen as it was that day)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="evaluations")
    on = models.DateField()
    values = models.JSONField(default=dict)  # indicator name -> value as entered
    activity = models.JSONField(default=dict)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]


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


class Body(BaseModel):
    """A governing body of a partnership or of the territory (comité de pilotage, comité
    technique, commission thématique, conseil de participation…): colleges with seats, a quorum,
    its rules, and sessions whose opinions and decisions are followed up."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering committee")
        TECHNICAL = "technical", _("Technical committee")
        THEMATIC = "thematic", _("Thematic commission")
        PARTICIPATION = "participation", _("Participation council")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )  # its secretariat
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="bodies"
    )
    quorum = models.PositiveSmallIntegerField(_("quorum (voting seats present)"), default=1)
    rules = models.TextField(_("rules"), blank=True)

    class Meta:
        ordering = ["name", "id"]


class College(BaseModel):
    class Kind(models.TextChoices):
        INSTITUTIONS = "institutions", _("Institutions")
        ASSOCIATIONS = "associations", _("Associations")
        PEOPLE = "people", _("People accompanied")
        OTHERS = "others", _("Others")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="colleges")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)

    class Meta:
        ordering = ["id"]


class Seat(BaseModel):
    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="seat_set")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    term_ends_on = models.DateField(_("end of term"), null=True, blank=True)
    voting = models.BooleanField(_("votes"), default=True)

    class Meta:
        ordering = ["id"]


class Attendance(models.Model):
    """Who sat for a seat at a session: its holder or its substitute."""

    session = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "seat"], name="attendance_once")]


class Motion(BaseModel):
    """An opinion or a decision put to the vote, and what became of it (the body is told at its
    next session)."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion")
        DECISION = "decision", _("Decision")

    session = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    follow_up = models.TextField(_("what became of it"), blank=True)
    follow_up_by = models.CharField(_("by whom"), max_length=200, blank=True)
    follow_up_on = models.DateField(_("on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstention")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="votes")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    dissent = models.TextField(blank=True)  # in the dissenter's own words
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "seat"], name="vote_once_per_seat")
        ]
