from django.shortcuts import render

from ansam.access import fetch, rules
from ansam.geo.selectors import area_names, communes_matching, departements
from ansam.observatory import services as observatory
from ansam.organisations import taxonomies
from ansam.organisations.search import DirectoryQuery, search_directory
from ansam.organisations.taxonomies import CapacityStatus
from ansam.web.forms import DirectorySearchForm
from ansam.web.templatetags.ansam_tags import url_pattern


def _commune_code(value: str) -> tuple[str, str]:
    """(INSEE code, error) from what the person typed: a code or a commune's name."""
    value = value.strip()
    if not value:
        return "", ""
    code = value.rsplit("(", 1)[-1].rstrip(")").strip() if "(" in value else value
    if len(code) == 5 and code[:2].isalnum() and code[2:].isdigit():
        return code, ""
    matches = communes_matching(value, limit=1)
    if matches:
        return matches[0].code, ""
    return "", "unknown"


def directory(request):
    form = DirectorySearchForm(request.GET or None, departements=departements())
    results = None
    commune_error = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        commune, error = _commune_code(data["commune"])
        if error:
            commune_error = True
            form.add_error("commune", "")
        query = DirectoryQuery(
            text=data["q"],
            thematique=data["thematique"],
            public=data["public"],
            commune=commune,
            departement=data["departement"],
            reception_mode=data["reception_mode"],
            fees=data["fees"],
            capacity=data["capacity"],
        )
        try:
            page = int(request.GET.get("page", "1"))
        except ValueError:
            page = 1
        if not commune_error:
            results = search_directory(query, page=page)
            _prepare_cards(results.hits)
            if results.total == 0 and page == 1:  # an unanswered need, for the observatory
                observatory.record_unanswered(
                    thematique=data["thematique"] or next(iter(results.suggested), ""),
                    commune_code=commune,
                )
    template = "web/directory_results.html" if request.htmx else "web/directory.html"
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        template,
        {
            "form": form,
            "results": results,
            "commune_error": commune_error,
            "querystring": params.urlencode(),
        },
    )


def _prepare_cards(hits) -> None:
    """What each result card shows, worked out once per page in Python: the template then
    only reads values (20 cards of lookups, translations and truncations took most of the
    page's time)."""
    labels = {status: str(label) for status, label in CapacityStatus.choices}
    service_url = url_pattern("web:service")
    organisation_url = url_pattern("web:organisation")
    for hit in hits:
        service = hit.service
        summary = service.summary
        hit.url = service_url.format(service.public_id)
        hit.organisation_url = organisation_url.format(service.organisation.public_id)
        hit.capacity_label = labels.get(service.capacity_status, "")
        hit.summary = summary if len(summary) <= 220 else summary[:219].rstrip() + "…"
        hit.why = " · ".join(hit.reasons)


def commune_options(request):
    """Suggestions for the commune field (a <datalist>, filled by htmx)."""
    # Whichever commune field asks (the directory's "commune", a form's "commune_code").
    typed = next((v for v in request.GET.values() if v.strip()), "")
    communes = communes_matching(typed, limit=8)
    return render(request, "web/commune_options.html", {"communes": communes})


def _labelled(kind, codes):
    return [taxonomies.display_label(kind, c) for c in codes]


def service_detail(request, service_id):
    service = fetch.access_service_by_id(request.user, service_id)
    areas = list(service.areas.all())
    names = area_names(areas)
    area_labels = [
        names.get((a.kind, a.code)) or f"{a.get_kind_display()} {a.code}".strip() for a in areas
    ]
    return render(
        request,
        "web/service.html",
        {
            "service": service,
            "organisation": service.organisation,
            "thematiques": _labelled("thematique", service.thematiques),
            "categories": _labelled("categorie", service.categories),
            "publics": _labelled("public", service.publics),
            "types": _labelled("type", service.types),
            "reception_modes": _labelled("mode_accueil", service.reception_modes),
            "referral_modes": _labelled("mode_mobilisation", service.referral_modes),
            "referrable_by": _labelled("mobilisable_par", service.referrable_by),
            "fees": taxonomies.display_label("frais", service.fees) if service.fees else "",
            "areas": area_labels,
            "can_edit": rules.can_edit_service(request.user, service),
        },
    )


def organisation_detail(request, organisation_id):
    org = fetch.access_organisation_by_id(request.user, organisation_id)
    return render(
        request,
        "web/organisation.html",
        {
            "organisation": org,
            "typology": taxonomies.label("typologie", org.typology) if org.typology else "",
            "networks": _labelled("reseau_porteur", org.networks),
            "services": org.services.order_by("name"),
            "can_manage": rules.can_manage_organisation(request.user, org),
        },
    )
