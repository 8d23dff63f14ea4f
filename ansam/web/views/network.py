"""The network diagnostic: the picture of who works with whom, actual against declared, with
its figures and findings; the change between two periods; the SVG and CSV exports."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ansam.access import observatory as policy
from ansam.core.periods import add_months, previous_period
from ansam.network import selectors, tasks
from ansam.network.models import Run
from ansam.network.sources import Filters
from ansam.web import fragments
from ansam.web.forms_network import NetworkFilterForm


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
    query = request.GET.copy()
    query.pop("page", None)
    context["query"] = query.urlencode()
    parts: list[object] = []
    if run.status == Run.Status.DONE:
        selectors.mark_read(run)
        if form.is_bound and form.is_valid() and form.cleaned_data.get("compare"):
            start, end = previous_period(filters.start, filters.end)
            before = tasks.request_run(
                Filters(start, end, filters.thematique, filters.public, filters.place)
            )
            context["before_period"] = selectors.period_label(start, end)
            context["before_run"] = before
            parts.append(f"{before.pk}:{before.status}:{before.computed_at}")
        parts += [
            request.get_full_path(),
            "all" if scope is None else ",".join(map(str, sorted(scope))),
            f"{run.pk}:{run.computed_at.isoformat()}",
        ]
    # Kept only once everything it shows is computed (not while "being computed" shows).
    keep = bool(parts) and context.get("before_run", run).status == Run.Status.DONE
    context["section"] = fragments.kept(
        "network", parts, lambda: _section(request, context, scope, run), keep=keep
    )
    return render(request, "network/page.html", context)


def _section(request, context, scope, run) -> str:
    if run.status == Run.Status.DONE:
        page = _page(request)
        view = selectors.network_view(run, scope, page)
        context["view"] = view
        context["kinds"] = selectors.kind_labels()
        before = context.get("before_run")
        if before is not None and before.status == Run.Status.DONE:
            context["changes"] = selectors.changes(run, before, scope)
        context["page"] = page
        context["page_has_next"] = view.node_count > page * selectors.TABLE_PAGE
    return render_to_string("network/section.html", context, request)


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
        selectors.mark_read(run)
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
    for e in selectors.all_edges(run, scope)[1]:
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
