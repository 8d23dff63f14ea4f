"""The professional's day, the organisation's dashboard, signals and their acts, the end of an
accompaniment and reopening an archived record."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import continuity as policy
from ansam.access import fetch, scopes
from ansam.continuity import selectors as dashboards
from ansam.continuity.services import ACT_LABELS, why
from ansam.core.ids import parse_public_id
from ansam.core.outcomes import as_message, on_form
from ansam.lifecycle import accompaniment, acts
from ansam.meetings import services as meeting_services
from ansam.partnerships import selectors as agreement_selectors
from ansam.web.forms_plans import CloseForm, ReopenForm, SignalActForm


def day(request):
    context = dashboards.worker_day(request.user)
    context["meetings"] = meeting_services.upcoming_for(request.user)
    return render(request, "continuity/day.html", context)


def dashboard(request, organisation_id):
    organisation = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    context = dashboards.organisation_dashboard(
        request.user,
        organisation,
        kind=request.GET.get("kind", ""),
        page=request.GET.get("page"),
        members_page=request.GET.get("members"),
    )
    context.update(
        {
            "organisation": organisation,
            "reopen_form": ReopenForm(),
            "renewals": agreement_selectors.renewals_for(organisation),
        }
    )
    return render(request, "continuity/dashboard.html", context)


def signal(request, signal_id):
    view = acts.signal_for(request.user, signal_id)
    members = []
    if "assign" in view.acts:
        members = list(scopes.members_visible_to(request.user, view.signal.organisation))
    form = SignalActForm(request.POST or None, access=view.access, members=members)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            acts.signal_act(
                actor=request.user, view=view, act=form.cleaned_data["act"], data=form.cleaned_data
            )
        if done:
            messages.success(request, _("Done. The warning is closed."))
            if view.reveal and form.cleaned_data["act"] != "close":
                return redirect("web:person", person_id=view.signal.person.public_id)
            return redirect("web:day")
    return render(
        request,
        "continuity/signal.html",
        {
            "view": view,
            "form": form,
            "why": why(view.signal, reveal=view.reveal),
            "closed_label": ACT_LABELS.get(view.signal.closed_act, view.signal.closed_act),
        },
    )


def close_accompaniment(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    organisations = {m.organisation_id: m.organisation for m in access.team}
    if not organisations:
        raise Http404()
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            accompaniment.accompaniment_close(
                actor=request.user,
                person=person,
                organisation=next(iter(organisations.values())),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        if done:
            messages.success(request, _("The accompaniment was closed."))
            return redirect("web:caseload")
    return render(
        request,
        "continuity/close.html",
        {
            "person": person,
            "form": form,
            "organisation": next(iter(organisations.values())),
        },
    )


@require_POST
def reopen(request, person_id):
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the record is reopened."))
        return redirect("web:day")
    organisation = fetch.access_organisation_by_id(
        request.user,
        form.cleaned_data["organisation"],
        manage=True,
    )
    person = (
        policy.archived_visible_to(request.user, organisation)
        .filter(public_id=parse_public_id(person_id))
        .first()
    )
    if person is None:
        raise Http404()
    with as_message(request) as done:
        accompaniment.archive_reopen(
            actor=request.user,
            person=person,
            organisation=organisation,
            reason=form.cleaned_data["reason"],
        )
    if not done:
        return redirect("web:dashboard", organisation_id=organisation.public_id)
    messages.success(request, _("The record was reopened. You coordinate it."))
    return redirect("web:person", person_id=person.public_id)
