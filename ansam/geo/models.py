from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(max_length=10)

    def __str__(self):
        return self.name


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "COM", _("commune")
        ARRONDISSEMENT = "ARM", _("municipal arrondissement")

    code = models.CharField(max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(max_length=3, choices=Kind.choices, default=Kind.COMMUNE)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    epci = models.ForeignKey(
        Epci, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The city an arrondissement belongs to (Paris, Lyon, Marseille).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    population = models.PositiveIntegerField(default=0)
    postal_codes = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    name_folded = models.CharField(max_length=100, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"
