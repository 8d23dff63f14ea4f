from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel
from ansam.organisations.taxonomies import AreaKind, CapacityStatus
from ansam.organisations.validators import validate_rna, validate_siret


class Organisation(BaseModel):
    name = models.CharField(_("name"), max_length=150)
    siret = models.CharField(
        _("SIRET"), max_length=14, blank=True, validators=[validate_siret], db_index=True
    )
    rna = models.CharField(_("RNA number"), max_length=10, blank=True, validators=[validate_rna])
    typology = models.CharField(_("typology"), max_length=20, blank=True)
    networks = models.JSONField(_("national networks"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_complement = models.CharField(_("address complement"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune_name = models.CharField(_("commune name"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=500, blank=True, help_text=_("OpenStreetMap syntax")
    )
    # Codes of the source that have no v1 equivalent: kept, never dropped.
    original_codes = models.JSONField(default=dict, blank=True)
    # Where the record comes from: ("ansam", "") for organisations created here.
    source = models.CharField(max_length=100, default="ansam")
    source_id = models.CharField(max_length=200, blank=True)
    source_link = models.URLField(max_length=500, blank=True)
    source_updated_on = models.DateField(null=True, blank=True)
    no_contact_days = models.PositiveSmallIntegerField(
        _("days without contact before a warning"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
        help_text=_(
            "A person accompanied with no entry from your organisation for this many "
            "days appears on your dashboards."
        ),
    )
    emergency_actor = models.BooleanField(
        _("emergency actor"),
        default=False,
        help_text=_(
            "Marked by the territory (SIAO/115, hospital social service, child-protection "
            "unit…): its professionals may open an emergency access to a record."
        ),
    )
    uses_ansam = models.BooleanField(
        _("works in Ansam"),
        default=False,
        help_text=_("Follows its members: at least one active member with an Ansam account."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="organisation_unique_source_id"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Records created here are their own source: the public id is their source id.
        if not self.source_id:
            self.source_id = str(self.public_id)
        super().save(*args, **kwargs)


class Service(BaseModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=150)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    # v1 vocabularies (codes), kept as lists for display and export; the tags table below
    # holds the same codes for filtering.
    types = models.JSONField(_("types"), default=list, blank=True)
    thematiques = models.JSONField(_("thematiques"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    publics_details = models.TextField(_("details on publics"), blank=True)
    fees = models.CharField(_("fees"), max_length=20, blank=True)
    fees_details = models.TextField(_("details on fees"), blank=True)
    reception_modes = models.JSONField(_("reception modes"), default=list, blank=True)
    referral_modes = models.JSONField(_("how to refer"), default=list, blank=True)
    referrable_by = models.JSONField(_("who may refer"), default=list, blank=True)
    referral_details = models.TextField(_("referral details"), blank=True)
    referral_link = models.URLField(_("referral link"), max_length=500, blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    documents = models.TextField(_("documents needed"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_complement = models.CharField(_("address complement"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune_name = models.CharField(_("commune name"), max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=500, blank=True)
    capacity_status = models.CharField(
        _("capacity"), max_length=20, choices=CapacityStatus.choices, default=CapacityStatus.OPEN
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    referral_reminder_days = models.PositiveSmallIntegerField(
        _("days before a reminder of an unanswered referral"), default=10
    )
    referral_expiry_days = models.PositiveSmallIntegerField(
        _("days before an unanswered referral expires"), default=30
    )
    # Codes of the source that were read but have no v1 equivalent: kept, never dropped.
    original_codes = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=100, default="ansam")
    source_id = models.CharField(max_length=200, blank=True)
    source_link = models.URLField(max_length=500, blank=True)
    source_updated_on = models.DateField(null=True, blank=True)
    quality_score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="service_name_id")]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="service_unique_source_id")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.source_id:
            self.source_id = str(self.public_id)
        super().save(*args, **kwargs)


class ServiceTag(models.Model):
    """One v1 code of a service (thematique, categorie, public, reception mode, type), for
    filtering with an index on both databases."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20)
    code = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["kind", "code", "service"])]
        constraints = [
            models.UniqueConstraint(fields=["service", "kind", "code"], name="service_tag_unique")
        ]


class ServiceArea(models.Model):
    """Where a service is available: a commune, EPCI, département, région, or all France."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=20, choices=AreaKind.choices)
    code = models.CharField(max_length=9, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "code", "service"])]


class ServiceSearchDocument(models.Model):
    """The text a service is found by, as written (for "why this result") and as stems (what
    the in-memory index of organisations/search_engine.py is built from)."""

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    name = models.TextField()
    themes = models.TextField()
    body = models.TextField()
    # Stemmed, accent-free forms (core.text.stems), on both databases.
    name_stems = models.TextField(blank=True)
    themes_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)


class SearchIndexVersion(models.Model):
    """One row: a new random token each time the directory changes, so that every process
    knows when to rebuild its search index (organisations/search_engine.py)."""

    token = models.CharField(max_length=32, blank=True)


class Membership(BaseModel):
    class Role(models.TextChoices):
        WORKER = "worker", _("Social worker")
        COORDINATOR = "coordinator", _("Coordinator")
        MANAGER = "manager", _("Organisation manager")
        TERRITORY_COORDINATOR = "territory_coordinator", _("Territory coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.WORKER)
    is_active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(is_active=True),
                name="membership_one_active",
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class MembershipRequest(BaseModel):
    """Someone signed in with ProConnect under this organisation's SIRET and has no account
    here: they ask to join; a manager of the organisation accepts or declines."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(decided_at=None),
                name="membership_request_once",
            )
        ]


class Invitation(BaseModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=30, choices=Membership.Role.choices, default=Membership.Role.WORKER
    )
    # Only a hash of the token is stored: a leaked database does not give working links.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
