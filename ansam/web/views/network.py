"""The network diagnostic: the picture of who works with whom, actual against declared, with
its figures and findings; the change between two periods; the SVG and CSV exports."""

import csv

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansam.access import observatory as policy
from ansam.core.periods import add_months, last_twelve_months, previous_period
from ansam.geo.models import Commune, Departement, Epci
from ansam.network import selectors, tasks
from ansam.network.models import Run
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


def _view(request):
    scope = policy.network_scope(request.user)
    if scope == set():
        raise Http404()
    form = NetworkFilterForm(request.GET or None)
    filters = form.filters()
    run = tasks.request_run(filters)
    return form, filters, scope, run


def network(request):
    form, filters, scope, run = _view(request)
    context = {"form": form, "run": run, "whole": scope is None}
    context["period"] = selectors.period_label(filters.start, filters.end)
    page = _page(request)
    if run.status == Run.Status.DONE:
        view = selectors.network_view(run, scope, page)
        context["view"] = view
        context["kinds"] = selectors.kind_labels()
        if form.is_bound and form.is_valid() and form.cleaned_data.get("compare"):
            start, end = previous_period(filters.start, filters.end)
            before = tasks.request_run(
                Filters(start, end, filters.thematique, filters.public, filters.place)
            )
            context["before_period"] = selectors.period_label(start, end)
            context["before_run"] = before
            if before.status == Run.Status.DONE:
                context["changes"] = selectors.changes(run, before, scope)
        context["page"] = page
        context["page_has_next"] = view.node_count > page * selectors.TABLE_PAGE
    query = request.GET.copy()
    query.pop("page", None)
    context["query"] = query.urlencode()
    return render(request, "network/page.html", context)


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def network_export(request, fmt):
    form, filters, scope, run = _view(request)
    if run.status != Run.Status.DONE or fmt not in ("svg", "csv"):
        raise Http404()
    stamp = f"{filters.start:%Y-%m}_{add_months(filters.end, -1):%Y-%m}"
    if fmt == "svg":
        svg = selectors.svg(selectors.network_view(run, scope))
        response = HttpResponse(svg, content_type="image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="reseau_{stamp}.svg"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reseau_{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Organisation"),
            _("Partner"),
            _("Referrals sent"),
            _("Referrals received"),
            _("Accepted"),
            _("Declined"),
            _("People accompanied together"),
            _("Meetings together"),
            _("Partnership agreement"),
            _("Finding"),
        ]
    )
    for e in selectors.all_edges(run, scope):
        writer.writerow(
            [
                e["a"]["name"],
                e["b"]["name"],
                e["a_to_b"],
                e["b_to_a"],
                e["accepted"],
                e["declined"],
                e["shared_people"],
                e["meetings"],
                "; ".join(title for _id, title in e["agreements"]),
                e["finding_label"],
            ]
        )
    return response
