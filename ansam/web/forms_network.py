"""The network diagnostic's filters, for the page and the API: a period of whole months (five
years at most), a need, a public, a place where the territory's organisations are."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansam.core.periods import add_months, last_twelve_months
from ansam.geo.models import Commune, Departement, Epci
from ansam.network.sources import Filters
from ansam.organisations.models import Organisation
from ansam.organisations.taxonomies import CATEGORIES, PUBLICS, AreaKind, display_choices

MAX_MONTHS = 60
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(forms.DateField):
    input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d"]
    widget = MONTH


class NetworkFilterForm(forms.Form):
    start = MonthField(label=gettext_lazy("From (month)"), required=False)
    end = MonthField(label=gettext_lazy("To (month, included)"), required=False)
    thematique = forms.ChoiceField(label=gettext_lazy("Need"), required=False)
    public = forms.ChoiceField(label=gettext_lazy("Public"), required=False)
    place = forms.ChoiceField(label=gettext_lazy("Territory"), required=False)
    compare = forms.BooleanField(
        label=gettext_lazy("Compare with the period before"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["thematique"].choices = every + display_choices(CATEGORIES)
        self.fields["public"].choices = every + display_choices(PUBLICS)
        self.fields["place"].choices = every + _places()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        if start and end and (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            self.add_error("end", _("Five years at most."))
        return data

    def filters(self) -> Filters:
        default_start, default_end = last_twelve_months()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = (data.get("start") or default_start).replace(day=1)
        end = data.get("end")
        end = add_months(end, 1) if end else default_end
        return Filters(
            start, end, data.get("thematique", ""), data.get("public", ""), data.get("place", "")
        )


def _places() -> list:
    """The départements, EPCIs and communes where the territory's organisations are."""
    found = Organisation.objects.exclude(commune=None)
    deps = Departement.objects.filter(code__in=found.values("commune__departement_id"))
    epcis = Epci.objects.filter(siren__in=found.values("commune__epci_id"))
    communes = Commune.objects.filter(code__in=found.values("commune_id"))
    return [
        (
            AreaKind.DEPARTEMENT.label,
            [(f"departement:{d.code}", f"{d.code} – {d.name}") for d in deps.order_by("code")],
        ),
        (AreaKind.EPCI.label, [(f"epci:{e.siren}", e.name) for e in epcis.order_by("name")]),
        (
            AreaKind.COMMUNE.label,
            [(f"commune:{c.code}", c.name) for c in communes.order_by("name")],
        ),
    ]
