"""Peer groups (analysis of practice, supervision): members, sessions, and the pseudonymised
case presentations shared with them after their author's review."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import fetch, scopes
from ansam.access import meetings as policy
from ansam.core.outcomes import as_message, on_form
from ansam.meetings import cases, selectors
from ansam.web.forms_meetings import DATETIME


class GroupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the group"), max_length=200)
    organisation = forms.ChoiceField(label=gettext_lazy("Organised by"))
    members = forms.MultipleChoiceField(
        label=gettext_lazy("Members"), required=False, widget=forms.CheckboxSelectMultiple
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Date and time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=300, required=False)


class PresentationForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title (optional)"), max_length=200, required=False)
    text = forms.CharField(
        label=gettext_lazy("The situation, as you would tell it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
    )


def group_list(request):
    organisations = [m.organisation for m in scopes.memberships_of(request.user)]
    members = selectors.invitable_members(request.user)
    form = GroupForm(request.POST or None)
    form.fields["organisation"].choices = [(str(o.public_id), o.name) for o in organisations]
    form.fields["members"].choices = [
        (str(m.public_id), f"{m.user.full_name} ({m.organisation.name})") for m in members
    ]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = next(o for o in organisations if str(o.public_id) == d["organisation"])
        chosen = [m.user for m in members if str(m.public_id) in d["members"]]
        with on_form(form) as done:
            group = cases.group_create(
                actor=request.user, organisation=org, name=d["name"], members=chosen
            )
        if done:
            messages.success(request, _("The group is created."))
            return redirect("web:peer_group", group_id=group.public_id)
    groups = policy.groups_visible_to(request.user).select_related("organisation")
    return render(request, "meetings/groups.html", {"groups": groups, "form": form})


def group_detail(request, group_id):
    group = fetch.access_group_by_id(request.user, group_id)
    session_form = SessionForm(request.POST or None)
    if request.method == "POST" and session_form.is_valid():
        with on_form(session_form) as done:
            meeting = cases.session_create(
                actor=request.user, group=group, data=session_form.cleaned_data
            )
        if done:
            messages.success(request, _("The session is organised; the members are invited."))
            return redirect("web:meeting", meeting_id=meeting.public_id)
    return render(
        request,
        "meetings/group.html",
        {"group": group, "session_form": session_form, **selectors.group_page(request.user, group)},
    )


def presentation_new(request, group_id):
    group = fetch.access_group_by_id(request.user, group_id)
    person = None
    if request.GET.get("person"):
        person, _access = fetch.access_person_by_id(request.user, request.GET["person"])
    form = PresentationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            presentation = cases.presentation_create(
                actor=request.user,
                group=group,
                text=form.cleaned_data["text"],
                person=person,
                title=form.cleaned_data["title"],
            )
        if done:
            messages.info(request, _("Review each replacement and each highlighted passage."))
            return redirect("web:presentation_review", presentation_id=presentation.public_id)
    return render(
        request, "meetings/presentation_new.html", {"form": form, "group": group, "person": person}
    )


def presentation_review(request, presentation_id):
    presentation = fetch.access_presentation_by_id(request.user, presentation_id)
    if not policy.can_review(request.user, presentation):
        raise Http404()
    if request.method == "POST":
        decisions = {
            i: (
                request.POST.get(f"decision_{i}", ""),
                request.POST.get(f"replacement_{i}", span["replacement"]),
            )
            for i, span in enumerate(presentation.spans)
        }
        with as_message(request) as done:
            cases.presentation_review(
                actor=request.user, presentation=presentation, decisions=decisions
            )
        if done:
            messages.success(request, _("Reviewed. Read the result, then share it."))
            return redirect("web:presentation", presentation_id=presentation.public_id)
        return redirect("web:presentation_review", presentation_id=presentation.public_id)
    text = presentation.source_text
    parts, last = [], 0
    for i, span in enumerate(presentation.spans):
        parts.append({"plain": text[last : span["start"]]})
        parts.append({"span": span, "index": i})
        last = span["end"]
    parts.append({"plain": text[last:]})
    return render(
        request,
        "meetings/presentation_review.html",
        {
            "presentation": presentation,
            "parts": parts,
            "spans": [
                (i, span, cases.KIND_LABELS.get(span["kind"], span["kind"]))
                for i, span in enumerate(presentation.spans)
            ],
        },
    )


def presentation_detail(request, presentation_id):
    presentation = fetch.access_presentation_by_id(request.user, presentation_id)
    return render(
        request,
        "meetings/presentation.html",
        {
            "presentation": presentation,
            "is_author": policy.is_author(request.user, presentation),
            "can_share": policy.can_share(request.user, presentation),
            "can_review": policy.can_review(request.user, presentation),
        },
    )


@require_POST
def presentation_share(request, presentation_id):
    presentation = fetch.access_presentation_by_id(request.user, presentation_id)
    with as_message(request) as done:
        cases.presentation_share(actor=request.user, presentation=presentation)
    if done:
        messages.success(request, _("Shared with the group's members, pseudonymised."))
    return redirect("web:presentation", presentation_id=presentation.public_id)


def presentation_pdf(request, presentation_id):
    presentation = fetch.access_presentation_by_id(request.user, presentation_id)
    if not presentation.text:
        raise Http404()
    response = HttpResponse(cases.presentation_pdf(presentation), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="situation-pseudonymisee.pdf"'
    response["Cache-Control"] = "no-store"
    return response
