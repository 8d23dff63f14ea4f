from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel
from ansam.sharing.sections import Section


class NeedToKnowProfile(models.Model):
    """Which sections an organisation of this typology may need. Adjusted by operators."""

    typology = models.CharField(_("typology"), max_length=20, unique=True)
    sections = models.JSONField(_("sections"), default=list)

    class Meta:
        verbose_name = _("need-to-know profile")
        verbose_name_plural = _("need-to-know profiles")

    def __str__(self):
        return self.typology


class CareTeamMember(BaseModel):
    """Who accompanies the person: an organisation and a named professional."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    class JoinedHow(models.TextChoices):
        CREATED = "created", _("Created the record")
        REFERRAL = "referral", _("Accepted a referral")
        INVITED = "invited", _("Invited by the coordinator")
        HANDOVER = "handover", _("Took over the coordination")
        REOPENED = "reopened", _("Reopened an archived record")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="team")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_teams"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_how = models.CharField(max_length=20, choices=JoinedHow.choices)
    # Empty: every section of the organisation's profile; else only these (a referral's).
    sections = models.JSONField(default=list, blank=True)
    since = models.DateTimeField(auto_now_add=True)
    until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        indexes = [
            models.Index(fields=["professional", "is_active", "person"]),
            # A professional's caseload with what the access rules need, from the index alone
            # on PostgreSQL (elsewhere the columns are not included).
            models.Index(
                fields=["professional", "is_active", "organisation"],
                include=["person", "role", "sections"],
                name="care_team_caseload",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_active=True, role="coordinator"),
                name="care_team_one_coordinator",
            ),
            models.UniqueConstraint(
                fields=["person", "professional", "organisation"],
                condition=models.Q(is_active=True),
                name="care_team_member_once",
            ),
        ]


class SharingBasis(BaseModel):
    """What the person said about sharing one section (or all) with one organisation (or the
    whole care team), recorded with who recorded it, when and how. The latest record wins."""

    class Basis(models.TextChoices):
        INFORMED = "informed", _("Informed, does not object")
        CONSENT = "consent", _("Explicit consent")
        OBJECTION = "objection", _("Objects to sharing")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        CHILD_PROTECTION = "child_protection", _("Child protection information (CASF L226-2-2)")

    class How(models.TextChoices):
        ORALLY = "orally", _("Orally, to the professional")
        SIGNED_FORM = "signed_form", _("Signed form")
        OWN_SPACE = "own_space", _("In their own space")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="sharing")
    # Empty organisation: the whole care team; empty section: every section.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    section = models.CharField(max_length=30, choices=Section.choices, blank=True)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    how = models.CharField(_("expressed"), max_length=20, choices=How.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["person", "created_at"])]
        ordering = ["-created_at", "-id"]


class Entry(BaseModel):
    """One element of the shared record: a note, an event or a document, in one section."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        EVENT = "event", _("Event")
        DOCUMENT = "document", _("Document")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="entries")
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    is_private = models.BooleanField(
        _("private note"), default=False, help_text=_("Visible only to you.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to="entries/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["person", "section", "created_at"]),
            models.Index(fields=["person", "created_at"]),
        ]
        ordering = ["-created_at", "-id"]


class EntryVersion(models.Model):
    """Every earlier state of an entry: an edit never loses what was written."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    section = models.CharField(max_length=30)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="entry_version_once")
        ]


class EmergencyAccess(BaseModel):
    """Break-glass: a professional reads a record outside the rules, with a written reason; the
    organisation's managers are alerted and the person must be informed afterwards."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    expires_at = models.DateTimeField()
    person_informed_at = models.DateTimeField(null=True, blank=True)
    person_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Verdict(models.TextChoices):
        JUSTIFIED = "justified", _("Justified")
        UNJUSTIFIED = "unjustified", _("Not justified")

    # Reviewed afterwards by a reviewer of the territory (a territory coordinator), never by
    # the holder.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    review_note = models.TextField(_("the reviewer's words"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["reviewed_at", "created_at"])]


class JoinRequest(BaseModel):
    """A professional who may not see a record asks its coordinator to join the care team: one
    pending request per requester and person; asking again refreshes it."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    asked_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "requester"],
                condition=models.Q(answered_at=None),
                name="join_request_pending_once",
            )
        ]


class AccompanimentClosure(BaseModel):
    """The end of a person's accompaniment by one organisation: its care-team rows end, the
    reason stays."""

    class Reason(models.TextChoices):
        GOALS_MET = "goals_met", _("The goals were met")
        MOVED = "moved", _("The person moved away")
        PERSON_ENDED = "person_ended", _("The person ended the accompaniment")
        REFERRED = "referred", _("Taken over by another partner")
        NO_CONTACT = "no_contact", _("No contact for a long time")
        DECEASED = "deceased", _("The person died")
        OTHER = "other", _("Other reason")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
