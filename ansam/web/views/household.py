"""Household members of a person, and merging two records of the same person."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import fetch, records
from ansam.core.outcomes import as_message, on_form
from ansam.sharing import household, selectors
from ansam.sharing.sections import Section
from ansam.web.forms_people import RelativeForm


def relatives(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not access.can_read(Section.FAMILY):
        raise Http404()
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("birth_name", "given_names", "birth_date")}
        with on_form(form) as done:
            household.relation_add(
                actor=request.user,
                person=person,
                kind=form.cleaned_data["kind"],
                is_legal_representative=form.cleaned_data["is_legal_representative"],
                data=data,
            )
        if done:
            messages.success(request, _("The relative was added."))
            return redirect("web:person", person_id=person.public_id)
    return render(
        request,
        "people/relatives.html",
        {
            "form": form,
            "person": person,
            "relations": selectors.relations_of(person),
        },
    )


@require_POST
def relative_accompany(request, person_id, relation_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    relation = selectors.relation_of(person, relation_id)
    with as_message(request) as done:
        relative = household.relative_accompany(
            actor=request.user,
            person=person,
            relation=relation,
            basis=request.POST.get("basis", ""),
            how=request.POST.get("how", "orally"),
        )
    if not done:
        return redirect("web:relatives", person_id=person.public_id)
    if relative is None:
        messages.success(
            request,
            _(
                "Someone already accompanies this relative: your request to "
                "join was sent to their coordinator."
            ),
        )
        return redirect("web:relatives", person_id=person.public_id)
    messages.success(request, _("The relative's own accompaniment is open. You coordinate it."))
    return redirect("web:person", person_id=relative.public_id)


def merge(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not records.can_manage_team(access):
        raise Http404()
    candidates = selectors.visible_duplicates(request.user, person)
    if request.method == "POST":
        chosen = next(
            (c for c in candidates if str(c.public_id) == request.POST.get("other")), None
        )
        if chosen is None:
            messages.error(request, _("Choose the record to merge into this one."))
        else:
            with as_message(request) as done:
                household.person_merge(actor=request.user, keep=person, duplicate=chosen)
            if done:
                messages.success(
                    request, _("The two records were merged; both histories are kept.")
                )
                return redirect("web:person", person_id=person.public_id)
    return render(request, "people/merge.html", {"person": person, "candidates": candidates})
