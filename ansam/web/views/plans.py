"""The personalised plan's pages: the plan, its parts, versions, answers, comparison, print."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import fetch
from ansam.access import plans as policy
from ansam.core.outcomes import as_message, on_form
from ansam.organisations.models import Organisation
from ansam.plans import content as plan_content
from ansam.plans import printout, selectors
from ansam.plans import services as plans
from ansam.plans.models import Action, Goal, Need
from ansam.referrals import selectors as referral_selectors
from ansam.sharing import selectors as record_selectors
from ansam.web.forms_plans import (
    ActionForm,
    AnswerForm,
    AssessForm,
    GoalForm,
    NeedForm,
    ProposeForm,
    ReviewForm,
    StatusForm,
)


def _back(person_id, anchor=""):
    return redirect(f"/people/{person_id}/plan/{anchor}")


def plan(request, person_id):
    page = selectors.plan_page(request.user, person_id)
    access = page.access
    goals = page.draft["goals"]
    review_on = page.plan.review_on if page.plan else None
    return render(
        request,
        "plans/plan.html",
        {
            "page": page,
            "person": page.person,
            "need_form": NeedForm(access=access, prefix="need"),
            "goal_form": GoalForm(access=access, needs=page.draft["needs"], prefix="goal"),
            "propose_form": ProposeForm(initial={"review_on": review_on}, prefix="propose"),
            "review_form": ReviewForm(initial={"review_on": review_on}, prefix="review"),
            "can_propose": policy.can_propose(access),
            "goals": goals,
            "needs_by_key": {n["key"]: n for n in page.draft["needs"]},
        },
    )


def _post(request, person_id, fn, success, form=None, invalid="", **kwargs):
    """Run one service for a small form posted from the plan page; a form that does not
    validate, or the service's refusal, comes back to the plan as a message."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
        return _back(person_id)
    if form is not None:
        kwargs = {**form.cleaned_data, **kwargs}
    with as_message(request) as done:
        fn(actor=request.user, **kwargs)
    if done:
        messages.success(request, success)
    return _back(person_id)


def _person(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not policy.can_view_plan(access):
        raise Http404()
    return person, access


@require_POST
def need_add(request, person_id):
    person, access = _person(request, person_id)
    form = NeedForm(request.POST, access=access, prefix="need")
    return _post(
        request,
        person_id,
        plans.need_add,
        _("The need was written down."),
        form,
        _("Write the need and choose its section."),
        person=person,
    )


def need_assess(request, person_id, need_id):
    person, access, need = selectors.plan_item(request.user, person_id, Need, need_id)
    form = AssessForm(
        request.POST or None, initial={"assessment": need.assessment, "version": need.version}
    )
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            plans.need_assess(
                actor=request.user,
                need=need,
                assessment=form.cleaned_data["assessment"],
                expected_version=form.cleaned_data["version"],
            )
        if done:
            messages.success(request, _("The assessment was saved."))
            return _back(person_id)
    return render(request, "plans/need.html", {"person": person, "need": need, "form": form})


@require_POST
def goal_add(request, person_id):
    page = selectors.plan_page(request.user, person_id)
    person = page.person
    form = GoalForm(request.POST, access=page.access, needs=page.draft["needs"], prefix="goal")
    if not form.is_valid():
        messages.error(request, _("Write the goal."))
        return _back(person_id)
    need = None
    if form.cleaned_data["need"]:
        need = selectors.plan_item(request.user, person_id, Need, form.cleaned_data["need"])[2]
    return _post(
        request,
        person_id,
        plans.goal_add,
        _("The goal was added."),
        person=person,
        text=form.cleaned_data["text"],
        need=need,
        section=form.cleaned_data["section"],
    )


def goal_edit(request, person_id, goal_id):
    person, access, goal = selectors.plan_item(request.user, person_id, Goal, goal_id)
    form = GoalForm(
        request.POST or None, access=access, initial={"text": goal.text, "version": goal.version}
    )
    form.fields["need"].widget = form.fields["section"].widget = form.fields["need"].hidden_widget()
    form.fields["version"].required = True  # an edit says which version it changes
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            plans.goal_update(
                actor=request.user,
                goal=goal,
                text=form.cleaned_data["text"],
                remove="remove" in request.POST,
                expected_version=form.cleaned_data["version"],
            )
        if done:
            messages.success(request, _("The goal was changed."))
            return _back(person_id)
    return render(request, "plans/goal.html", {"person": person, "goal": goal, "form": form})


def _action_form(request, page, person, action=None):
    team = record_selectors.team_members(person)
    referrals, _hidden = referral_selectors.of_person(request.user, page.access)
    initial = {}
    if action is not None:
        initial = {
            "goal": str(action.goal.public_id),
            "what": action.what,
            "holder": action.holder,
            "organisation": str(action.organisation.public_id) if action.organisation_id else "",
            "professional": str(action.professional.public_id) if action.professional_id else "",
            "due_on": action.due_on,
            "version": action.version,
            "referral": str(action.referral.public_id) if action.referral_id else "",
        }
    else:
        initial = {"goal": request.GET.get("goal", "")}
        source = next(
            (r for r in referrals if str(r.public_id) == request.GET.get("referral")), None
        )
        if source is not None:  # an action that comes from an accepted referral
            initial.update(
                {
                    "referral": str(source.public_id),
                    "what": source.service_name,
                    "holder": "organisation",
                    "organisation": str(source.receiver_organisation.public_id),
                }
            )
    form = ActionForm(
        request.POST or None,
        initial=initial,
        goals=page.draft["goals"],
        team=team,
        referrals=referrals,
    )
    return form, team, referrals


def _action_data(form, team, referrals) -> dict:
    d = form.cleaned_data
    return {
        "what": d["what"],
        "holder": d["holder"],
        "due_on": d["due_on"],
        "past_confirmed": d["past_confirmed"],
        "organisation": next(
            (m.organisation for m in team if str(m.organisation.public_id) == d["organisation"]),
            None,
        ),
        "professional": next(
            (m.professional for m in team if str(m.professional.public_id) == d["professional"]),
            None,
        ),
        "referral": next((r for r in referrals if str(r.public_id) == d["referral"]), None),
    }


def action_edit(request, person_id, action_id=None):
    page = selectors.plan_page(request.user, person_id)
    person = page.person
    action = None
    if action_id is not None:
        _p, _a, action = selectors.plan_item(request.user, person_id, Action, action_id)
    if not page.draft["goals"]:
        messages.error(request, _("Write a goal first: every action serves a goal."))
        return _back(person_id)
    form, team, referrals = _action_form(request, page, person, action)
    form.fields["version"].required = action is not None  # an edit says which version it changes
    warn_past = False
    if request.method == "POST" and form.is_valid():
        data = _action_data(form, team, referrals)
        with on_form(form) as done:
            if action is None:
                goal = selectors.plan_item(
                    request.user, person_id, Goal, form.cleaned_data["goal"]
                )[2]
                plans.action_add(actor=request.user, person=person, goal=goal, data=data)
            else:
                data["remove"] = "remove" in request.POST
                plans.action_update(
                    actor=request.user,
                    action=action,
                    data=data,
                    expected_version=form.cleaned_data["version"],
                )
        warn_past = done.error is not None and done.error.code == "due_in_past"
        if done:
            messages.success(
                request,
                _("The action was saved. Propose a new version of the plan so that it is agreed."),
            )
            return _back(person_id)
    status_form = StatusForm(initial={"status": action.status} if action else None)
    return render(
        request,
        "plans/action.html",
        {
            "person": person,
            "action": action,
            "form": form,
            "warn_past": warn_past,
            "status_form": status_form,
            "can_update": action is not None and policy.can_update_action(page.access, action),
        },
    )


@require_POST
def action_status(request, person_id, action_id):
    _p, _a, action = selectors.plan_item(request.user, person_id, Action, action_id)
    return _post(
        request,
        person_id,
        plans.action_set_status,
        _("The action was updated."),
        StatusForm(request.POST),
        _("Choose a status."),
        action=action,
    )


@require_POST
def propose(request, person_id):
    person, _access = _person(request, person_id)
    return _post(
        request,
        person_id,
        plans.version_propose,
        _("A new version was proposed. It awaits the signatures."),
        ProposeForm(request.POST, prefix="propose"),
        _("Enter a valid date."),
        person=person,
    )


@require_POST
def review(request, person_id):
    person, _access = _person(request, person_id)
    return _post(
        request,
        person_id,
        plans.review_set,
        _("The review date was set."),
        ReviewForm(request.POST, prefix="review"),
        _("Enter a valid date."),
        person=person,
    )


def answer(request, person_id, party):
    page = selectors.plan_page(request.user, person_id)
    latest = page.latest
    if latest is None or party not in plan_content.parties(latest.version.content):
        raise Http404()
    if not policy.can_answer_for(page.access, party):
        raise Http404()
    is_person = party == plan_content.PERSON
    items = [(g["key"], g["text"]) for g in latest.content["goals"]] + [
        (a["key"], a["what"]) for a in latest.content["actions"]
    ]
    initial = {"number": latest.version.number, "shown_hash": latest.version.content_hash}
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        items=items if is_person else (),
        person=is_person,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with on_form(form) as done:
            plans.answer_record(
                actor=request.user,
                person=page.person,
                party=party,
                number=d["number"],
                shown_hash=d["shown_hash"],
                decision=d["decision"],
                refusals=form.refusals() if is_person else None,
                reason=d["reason"],
                signed_on=d.get("signed_on"),
                upload=d.get("file"),
            )
        if done:
            messages.success(request, _("The answer was recorded."))
            return _back(person_id)
    name = (
        _("the person")
        if is_person
        else plan_content.party_names(latest.version.content).get(party, "")
    )
    return render(
        request,
        "plans/answer.html",
        {
            "person": page.person,
            "version": latest,
            "form": form,
            "party_name": name,
            "is_person": is_person,
        },
    )


def version(request, person_id, number):
    person, access, view = selectors.version_page(request.user, person_id, number)
    return render(request, "plans/version.html", {"person": person, "view": view})


FIELD_LABELS = {
    "section": gettext_lazy("section"),
    "words": gettext_lazy("the person's words"),
    "written_by": gettext_lazy("written by"),
    "written_at": gettext_lazy("date"),
    "assessment": gettext_lazy("assessment"),
    "text": gettext_lazy("goal"),
    "need": gettext_lazy("need"),
    "goal": gettext_lazy("goal"),
    "what": gettext_lazy("what"),
    "holder": gettext_lazy("who"),
    "organisation": gettext_lazy("who"),
    "organisation_name": gettext_lazy("who"),
    "professional": gettext_lazy("who"),
    "due_on": gettext_lazy("due date"),
    "referral": gettext_lazy("referral"),
}


def compare(request, person_id):
    person, numbers = selectors.version_numbers(request.user, person_id)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if not a and not b and len(numbers) >= 2:
        a, b = str(numbers[-2]), str(numbers[-1])  # what changed last
    problem = ""
    if len(numbers) < 2:
        problem = _("The plan has fewer than two versions: there is nothing to compare yet.")
    elif not a or not b:
        problem = _("Choose the two versions to compare.")
    elif a == b:
        problem = _("Choose two different versions.")
    if problem:
        return render(
            request,
            "plans/compare.html",
            {
                "person": person,
                "numbers": numbers,
                "problem": problem,
                "a": a,
                "b": b,
            },
            status=200 if len(numbers) < 2 else 400,
        )
    person, old, new, diff, parties = selectors.compare(request.user, person_id, a, b)
    for rows in diff.values():
        for row in rows:
            row["labels"] = list(dict.fromkeys(str(FIELD_LABELS[f]) for f in row["fields"]))
    return render(
        request,
        "plans/compare.html",
        {
            "person": person,
            "old": old,
            "new": new,
            "diff": diff,
            "parties": parties,
            "numbers": numbers,
            "a": str(old.number),
            "b": str(new.number),
        },
    )


def print_plan(request, person_id, number):
    person, access, view = selectors.version_page(request.user, person_id, number, printing=True)
    organisation = access.organisation or Organisation(name="")
    pdf = printout.render_pdf(person=person, view=view, organisation=organisation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-v{view.version.number}.pdf"'
    return response


def signature_file(request, person_id, signature_id):
    signature = selectors.signature_file(request.user, person_id, signature_id)
    return FileResponse(
        signature.file.open("rb"),
        content_type=signature.file_type,
        filename=signature.file_name,
        as_attachment=True,
    )
