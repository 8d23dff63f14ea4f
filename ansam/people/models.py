from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel


class Person(BaseModel):
    """A person accompanied. No social security number (NIR) is ever stored."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other or not said")

    birth_name = models.CharField(_("birth name"), max_length=100)
    used_name = models.CharField(_("used name"), max_length=100, blank=True)
    given_names = models.CharField(_("given names"), max_length=150)
    birth_date = models.DateField(_("birth date"))
    birth_place = models.CharField(_("birth place"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Folded forms used by duplicate detection (accents, case, hyphens removed).
    name_key = models.CharField(max_length=260, db_index=True, editable=False)
    given_key = models.CharField(max_length=150, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    # Retention (CNIL reference): archived records leave every caseload and are reopened only
    # by a manager of an organisation that accompanied the person; anonymised ones keep no
    # identity.
    archived_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["birth_date"]),
            # Archived records are few: the managers' archive list reads only them.
            models.Index(
                fields=["archived_at"],
                condition=models.Q(archived_at__isnull=False),
                name="person_archived",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        name = self.used_name or self.birth_name
        extra = f" (née {self.birth_name})" if self.used_name and self.sex == "F" else ""
        return f"{self.given_names.split(' ')[0]} {name.upper()}{extra}"


class Relation(BaseModel):
    """A household member or relative, as a linked person; may be the legal representative."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        PARTNER = "partner", _("Spouse or partner")
        SIBLING = "sibling", _("Brother or sister")
        GUARDIAN = "guardian", _("Guardian or curator")
        OTHER = "other", _("Other relative")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    is_legal_representative = models.BooleanField(_("legal representative"), default=False)
    same_household = models.BooleanField(_("same household"), default=True)
