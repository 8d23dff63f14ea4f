"""The person's shared record: caseload, record, entries, sharing, care team, access log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import fetch, records, scopes, sharing_table
from ansam.access import meetings as meeting_policy
from ansam.access import portal as portal_policy
from ansam.access.audit import action_label
from ansam.continuity import selectors as continuity_selectors
from ansam.core.errors import AnsamError, Conflict, NotFound
from ansam.core.outcomes import as_message, form_errors_from, on_form
from ansam.organisations.models import Membership, Organisation
from ansam.plans import selectors as plan_selectors
from ansam.portal import selectors as portal_selectors
from ansam.referrals import selectors as referral_selectors
from ansam.sharing import selectors
from ansam.sharing import services as record_services
from ansam.sharing import team as team_services
from ansam.sharing.sections import Section
from ansam.web.forms_people import (
    BasisForm,
    EntryEditForm,
    EntryForm,
    PersonCreateForm,
    PersonForm,
    TeamAddForm,
)
from ansam.web.templatetags.ansam_tags import basis_label

# The identity fields the forms edit: the service's, the commune chosen apart.
PERSON_DATA = [f for f in record_services.PERSON_FIELDS if f != "commune"]


def _my_organisations(user) -> list[Organisation]:
    return [m.organisation for m in scopes.memberships_of(user).order_by("organisation__name")]


def _person_data(form) -> dict:
    data = {k: form.cleaned_data[k] for k in PERSON_DATA}
    data["commune"] = form.cleaned_data.get("commune_code")  # a Commune (web.fields)
    return data


def caseload(request):
    page = Paginator(selectors.caseload(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "people/caseload.html", {"page": page})


def person_new(request):
    organisations = _my_organisations(request.user)
    if not organisations:
        raise Http404()
    form = PersonCreateForm(request.POST or None, organisations=organisations)
    candidates = []
    if request.method == "POST" and form.is_valid():
        org = next(
            o for o in organisations if str(o.public_id) == form.cleaned_data["organisation"]
        )
        try:
            person = record_services.person_create(
                actor=request.user,
                organisation=org,
                data=_person_data(form),
                basis=form.cleaned_data["basis"],
                how=form.cleaned_data["how"],
                duplicates_checked=form.cleaned_data["duplicates_checked"],
            )
        except record_services.DuplicateSuspected as exc:
            visible = set(
                records.persons_visible_to(request.user)
                .filter(pk__in=[c.person.pk for c in exc.candidates])
                .values_list("pk", flat=True)
            )
            coordinators = selectors.coordinating_organisations([c.person for c in exc.candidates])
            candidates = [
                {
                    "person": c.person,
                    "visible": c.person.pk in visible,
                    "coordinated_by": coordinators.get(c.person.pk, ""),
                }
                for c in exc.candidates
            ]
            data = form.data.copy()
            data["duplicates_checked"] = "True"
            form = PersonCreateForm(data, organisations=organisations)
            form.is_valid()
        except AnsamError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The record was created. You coordinate it."))
            return redirect("web:person", person_id=person.public_id)
    return render(request, "people/person_new.html", {"form": form, "candidates": candidates})


def person_detail(request, person_id):
    section = request.GET.get("section", "")
    if section and section not in Section.values:
        section = ""
    page = selectors.person_page(request.user, person_id, section=section)
    access = page.access
    sections = [(s, Section(s).label) for s in Section.values if access.can_read(s)]
    referrals, hidden_referrals = referral_selectors.of_person(request.user, access, limit=20)
    return render(
        request,
        "people/person.html",
        {
            "page": page,
            "person": page.person,
            "access": access,
            "sections": sections,
            "current_section": section,
            "can_manage_team": records.can_manage_team(access),
            "can_view_log": records.can_view_access_log(access),
            "can_open_space": portal_policy.can_open_space(access),
            "open_corrections": portal_selectors.open_corrections(page.person),
            "can_write": records.can_contribute(access),
            "hidden_sections": [Section(s).label for s in Section.values if not access.can_read(s)],
            "family_readable": access.can_read(Section.FAMILY),
            "referrals": referrals,
            "hidden_referrals": hidden_referrals,
            "signals": continuity_selectors.person_signals(request.user, access),
            "next_actions": plan_selectors.next_actions(access),
            "flags": referral_selectors.flags_of(access),
            "relations": selectors.relations_of(page.person) if access.can_read("family") else [],
            "peer_groups": meeting_policy.groups_visible_to(request.user)[:10],
        },
    )


def person_edit(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    initial = {k: getattr(person, k) for k in PERSON_DATA} | {"commune_code": person.commune_id}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            record_services.person_update(
                actor=request.user, person=person, data=_person_data(form)
            )
        if done:
            messages.success(request, _("The identity was saved."))
            return redirect("web:person", person_id=person.public_id)
    return render(request, "people/person_edit.html", {"form": form, "person": person})


def entry_new(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not records.can_contribute(access):
        raise Http404()
    writable = [s for s in Section.values if records.can_write_entry(access, s)]
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        sections=writable,
        initial={"section": request.GET.get("section")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with on_form(form) as done:
            record_services.entry_create(
                actor=request.user,
                person=person,
                section=data["section"],
                data=data,
                upload=data.get("file"),
            )
        if done:
            messages.success(request, _("The entry was added to the record."))
            return redirect("web:person", person_id=person.public_id)
    return render(request, "people/entry_form.html", {"form": form, "person": person})


def entry_edit(request, entry_id):
    entry, access = selectors.entry_read(request.user, entry_id)
    initial = {
        "title": entry.title,
        "body": entry.body,
        "occurred_on": entry.occurred_on,
        "version": entry.version,
    }
    form = EntryEditForm(request.POST or None, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_services.entry_update(
                actor=request.user, entry=entry, data=data, expected_version=data["version"]
            )
        except Conflict as exc:
            conflict = True
            form.add_error(None, exc.message)
            entry.refresh_from_db()
        except AnsamError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The entry was saved; the earlier version is kept."))
            return redirect("web:person", person_id=entry.person.public_id)
    return render(
        request,
        "people/entry_edit.html",
        {
            "form": form,
            "entry": entry,
            "conflict": conflict,
            "versions": selectors.entry_versions(entry),
            "can_edit": records.can_edit_entry(request.user, access, entry),
        },
    )


def entry_file(request, entry_id):
    entry, _ = selectors.entry_read(request.user, entry_id, download=True)
    if not entry.file:
        raise Http404()
    response = FileResponse(
        entry.file.open("rb"),
        as_attachment=True,
        filename=entry.file_name,
        content_type=entry.file_type,
    )
    response["Cache-Control"] = "no-store"
    return response


def sharing(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not records.can_contribute(access):
        raise Http404()
    members = selectors.team_members(person)
    team_orgs = sorted({m.organisation for m in members}, key=lambda o: o.name)
    allowed = records.basis_organisations(access, team_orgs)
    form = BasisForm(
        request.POST or None,
        organisations=team_orgs if allowed is None else allowed,
        whole_team=allowed is None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next((o for o in team_orgs if str(o.public_id) == data["organisation"]), None)
        with on_form(form) as done:
            record_services.basis_record(
                actor=request.user,
                person=person,
                basis=data["basis"],
                how=data["how"],
                organisation=org,
                section=data["section"],
                note=data["note"],
            )
        if done:
            messages.success(
                request, _("Recorded. It applies from the next page each partner opens.")
            )
            return redirect("web:person", person_id=person.public_id)
    bases = list(selectors.sharing_history(person))
    table = sharing_table.sharing_table(access, members, bases)
    known = {section for section, _cells in table.rows}
    history = [b for b in bases if not b.section or b.section in known][:50]
    return render(
        request,
        "people/sharing.html",
        {
            "form": form,
            "person": person,
            "table": table,
            "history": history,
            "records_for_team": allowed is None,
        },
    )


def team(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not records.can_manage_team(access):
        raise Http404()
    form = TeamAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = (
            Membership.objects.filter(
                user__email__iexact=form.cleaned_data["email"],
                is_active=True,
                organisation__name__iexact=form.cleaned_data["organisation"].strip(),
            )
            .select_related("user", "organisation")
            .first()
        )
        if membership is None:
            form.add_error(None, _("No professional with this email works in that organisation."))
        else:
            with on_form(form) as done:
                team_services.team_add(actor=request.user, person=person, membership=membership)
            if done:
                messages.success(request, _("Added to the care team."))
                return redirect("web:person_team", person_id=person.public_id)
    rows = [
        (m, records.can_hand_over_to(access, m), records.can_remove_member(access, m))
        for m in selectors.team_members(person)
    ]
    return render(request, "people/team.html", {"form": form, "person": person, "rows": rows})


@require_POST
def team_handover(request, person_id, member_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    member = selectors.team_member(person, member_id)
    if not records.can_manage_team(access):
        raise Http404()
    team_services.team_handover(actor=request.user, person=person, member=member)
    messages.success(request, _("%s now coordinates the accompaniment.") % member.professional)
    return redirect("web:person", person_id=person.public_id)


@require_POST
def team_remove(request, person_id, member_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    member = selectors.team_member(person, member_id)
    with as_message(request) as done:
        team_services.team_remove(actor=request.user, person=person, member=member)
    if not done:
        return redirect("web:person_team", person_id=person.public_id)
    messages.success(request, _("%s is no longer in the care team.") % member.professional)
    if member.professional_id == request.user.pk:
        return redirect("web:caseload")
    return redirect("web:person_team", person_id=person.public_id)


@require_POST
def request_join(request, person_id):
    """Ask the coordinator of a record one may not see. Answers the same whether the record
    exists or not, so that the button reveals nothing."""
    try:
        person = selectors.person_for_outside_request(request.user, person_id)
    except NotFound:
        person = None
    if person is not None:
        team_services.team_request_join(actor=request.user, person=person)
    messages.success(request, _("Your request was sent to the coordinator of that record."))
    return redirect("web:caseload")


def access_log(request, person_id):
    person, events = selectors.access_log(request.user, person_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.action_label = action_label(event.action)
        event.section_label = (
            Section(event.section).label if event.section in Section.values else ""
        )
        event.basis_label = basis_label(event.basis) if event.basis else ""
    return render(request, "people/access_log.html", {"person": person, "page": page})


def notice(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    members = selectors.team_members(person)

    shared = [
        {
            "organisation": m.organisation.name,
            "sections": [Section(s).label for s in records.profile_sections(m.organisation)],
        }
        for m in members
    ]
    return render(request, "people/notice.html", {"person": person, "shared": shared})
