"""Stored results of the network diagnostic: one Run per period and filter, computed by the
task worker; the pages only read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel


class Run(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be computed")
        DONE = "done", _("Computed")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    period_start = models.DateField()
    period_end = models.DateField()  # exclusive
    thematique = models.CharField(max_length=120, blank=True)
    public = models.CharField(max_length=120, blank=True)
    # "commune:<INSEE>", "epci:<SIREN>" or "departement:<code>"; empty: the whole territory.
    place = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    threshold = models.PositiveSmallIntegerField(default=11)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Kept up to date by the daily task (the default periods); others are computed on request.
    scheduled = models.BooleanField(default=False)
    figures = models.JSONField(default=dict, blank=True)
    lists = models.JSONField(default=dict, blank=True)  # network.lists.compute, whole network
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.key


class Node(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="nodes")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=150)
    typology = models.CharField(max_length=20, blank=True)
    commune_name = models.CharField(max_length=100, blank=True)
    uses_ansam = models.BooleanField(default=False)
    degree_in = models.PositiveIntegerField(default=0)
    degree_out = models.PositiveIntegerField(default=0)
    partners = models.PositiveIntegerField(default=0)
    agreements = models.PositiveIntegerField(default=0)
    betweenness = models.FloatField(default=0)
    constraint = models.FloatField(null=True)
    effective_size = models.FloatField(null=True)
    community = models.IntegerField(null=True)
    refers_without_receiving = models.BooleanField(default=False)
    # Sums of the relations' counts that may be published (see relation_hidden, and counts
    # under the threshold); *_partial when a masked count is left out ("at least").
    sent_shown = models.PositiveIntegerField(default=0)
    sent_partial = models.BooleanField(default=False)
    received_shown = models.PositiveIntegerField(default=0)
    received_partial = models.BooleanField(default=False)
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["run", "organisation"])]


def relation_hidden(
    *, people: int, a_to_b: int, b_to_a: int, shared_people: int, threshold: int
) -> bool:
    """A relation resting on fewer people than the threshold shows "< N" for all its counts,
    zeros included (a zero beside a "< N" would tell the other direction)."""
    return bool(a_to_b or b_to_a or shared_people) and people < threshold


class Edge(models.Model):
    """One pair of organisations (a < b by internal id): what they did together in the period,
    in both directions, and whether an agreement binds them."""

    class Finding(models.TextChoices):
        PAPER = "paper", _("Agreement on paper: no activity")
        INVISIBLE = "invisible", _("Invisible partnership: no agreement")
        ONE_WAY = "one_way", _("One-way relation")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="edges")
    a = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    a_to_b = models.PositiveIntegerField(default=0)  # referrals sent by a to b
    b_to_a = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    declined = models.PositiveIntegerField(default=0)
    shared_people = models.PositiveIntegerField(default=0)  # accompanied together
    meetings = models.PositiveIntegerField(default=0)  # attended together
    # A lower bound of the distinct people the relation rests on (referrals or shared care):
    # below the suppression threshold, the pages show "< N", never the count.
    people = models.PositiveIntegerField(default=0)
    weight = models.FloatField(default=0)
    declared = models.BooleanField(default=False)
    agreements = models.JSONField(default=list, blank=True)  # [[public_id, title], …]
    finding = models.CharField(max_length=10, choices=Finding.choices, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "a"]),
            models.Index(fields=["run", "b"]),
            models.Index(fields=["run", "finding"]),
        ]
