"""Coordination meetings: organise, invite, answer, write one's viewpoint, the minutes and the
decisions, and the person's summary; the personal calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import fetch, records, scopes
from ansam.access import meetings as policy
from ansam.core.outcomes import as_message, on_form
from ansam.meetings import answers, calendar, decisions, feeds, selectors
from ansam.meetings import services as meetings
from ansam.meetings.models import Participant
from ansam.sharing import selectors as record_selectors
from ansam.web.forms_meetings import (
    AnswerForm,
    DecisionForm,
    MeetingForm,
    MinutesPartForm,
    NoteForm,
    ViewpointForm,
)


def meeting_list(request):
    coming, past = selectors.my_meetings(request.user)
    return render(request, "meetings/list.html", {"coming": coming, "past": past})


def _invitees(form, members) -> list[meetings.Invitee]:
    d = form.cleaned_data
    by_id = {str(m.public_id): m for m in members}
    invitees = [
        meetings.Invitee(Participant.Kind.PROFESSIONAL, membership=by_id[key])
        for key in d["professionals"]
        if key in by_id
    ]
    if d.get("invite_person"):
        invitees.append(meetings.Invitee(Participant.Kind.PERSON, email=d["person_email"]))
    if d.get("companion"):
        invitees.append(
            meetings.Invitee(
                Participant.Kind.COMPANION, name=d["companion"], email=d["companion_email"]
            )
        )
    invitees += [
        meetings.Invitee(Participant.Kind.EXTERNAL, name=name, email=email)
        for name, email in d["externals"]
    ]
    return invitees


def meeting_new(request):
    person = None
    if request.GET.get("person"):
        person, access = fetch.access_person_by_id(request.user, request.GET["person"])
        if not records.can_contribute(access):
            raise Http404()
    members = selectors.invitable_members(request.user, person)
    organisations = [m.organisation for m in scopes.memberships_of(request.user)]
    form = MeetingForm(
        request.POST or None,
        members=members,
        organisations=organisations,
        about_person=person is not None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        organisation = next(
            (o for o in organisations if str(o.public_id) == d.get("organisation")), None
        )
        with on_form(form) as done:
            created = meetings.meeting_create(
                actor=request.user,
                kind=d["kind"],
                data=d,
                invitees=_invitees(form, members),
                person=person,
                organisation=organisation,
            )
        if done:
            if created.past:
                messages.success(
                    request,
                    _("The meeting is recorded as held: nobody was invited. Write its minutes."),
                )
            else:
                messages.success(request, _("The meeting is organised; the invitations are sent."))
            if created.not_emailed:
                messages.warning(
                    request,
                    _("No email address for: %s. Invite them yourself.")
                    % ", ".join(created.not_emailed),
                )
            return redirect("web:meeting", meeting_id=created.meeting.public_id)
    return render(request, "meetings/form.html", {"form": form, "person": person})


def meeting_detail(request, meeting_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    page = selectors.meeting_page(request.user, meeting, access)
    return render(
        request,
        "meetings/detail.html",
        {
            "page": page,
            "meeting": meeting,
            "can_edit": policy.can_edit_meeting(access),
            "can_answer": policy.can_answer(access),
            "can_write_minutes": policy.can_write_minutes(access),
            "can_close": policy.can_close_minutes(access),
            "can_summary": policy.can_read_summary(access),
            "note_form": NoteForm(initial={"text": page.note.text if page.note else ""}),
            "title": calendar.neutral_title(meeting),
        },
    )


def meeting_edit(request, meeting_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    if not policy.can_edit_meeting(access):
        raise Http404()
    members = selectors.invitable_members(request.user, meeting.person)
    current = selectors.participants_of(meeting)
    invited = {(p.user_id, p.organisation_id) for p in current if p.user_id}
    externals = "\n".join(
        f"{p.name}, {p.email}" for p in current if p.kind == Participant.Kind.EXTERNAL
    )
    companion = next((p for p in current if p.kind == Participant.Kind.COMPANION), None)
    initial = {
        "kind": meeting.kind,
        "organisation": str(meeting.organisation.public_id),
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "agenda": meeting.agenda,
        "professionals": [
            str(m.public_id) for m in members if (m.user_id, m.organisation_id) in invited
        ],
        "invite_person": any(p.kind == Participant.Kind.PERSON for p in current),
        "person_email": next((p.email for p in current if p.kind == Participant.Kind.PERSON), ""),
        "companion": companion.name if companion else "",
        "companion_email": companion.email if companion else "",
        "externals": externals,
    }
    organisations = [meeting.organisation]
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        members=members,
        organisations=organisations,
        about_person=meeting.person_id is not None,
    )
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            meetings.meeting_update(
                actor=request.user,
                meeting=meeting,
                data=form.cleaned_data,
                invitees=_invitees(form, members),
            )
        if done:
            messages.success(request, _("The meeting was changed; the invitees are told."))
            return redirect("web:meeting", meeting_id=meeting.public_id)
    return render(
        request, "meetings/form.html", {"form": form, "person": meeting.person, "meeting": meeting}
    )


@require_POST
def meeting_cancel(request, meeting_id):
    meeting, _access = fetch.access_meeting_by_id(request.user, meeting_id)
    with as_message(request) as done:
        meetings.meeting_cancel(actor=request.user, meeting=meeting)
    if done:
        messages.success(request, _("The meeting is cancelled; the invitees are told."))
    return redirect("web:meeting", meeting_id=meeting.public_id)


@require_POST
def meeting_answer(request, meeting_id):
    meeting, _access = fetch.access_meeting_by_id(request.user, meeting_id)
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    with as_message(request) as done:
        answers.participant_answer(actor=request.user, meeting=meeting, answer=answer)
    if done:
        messages.success(request, _("Your answer is recorded."))
    return redirect("web:meeting", meeting_id=meeting.public_id)


def meeting_viewpoint(request, meeting_id, participant_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    participant = selectors.participant_by_id(meeting, participant_id)
    if participant is None or not policy.can_write_viewpoint(access, participant, request.user):
        raise Http404()
    viewpoint = getattr(participant, "viewpoint", None)
    initial = {}
    if viewpoint is not None:
        initial = {
            "section": viewpoint.section,
            "reading": viewpoint.reading,
            "proposal": viewpoint.proposal,
            "version": viewpoint.version,
        }
    form = ViewpointForm(request.POST or None, initial=initial, access=access)
    if request.method == "POST" and "confirm" in request.POST:
        with as_message(request) as done:
            meetings.viewpoint_confirm(
                actor=request.user, meeting=meeting, participant_id=participant_id
            )
        if done:
            messages.success(request, _("The viewpoint is confirmed."))
        return redirect("web:meeting", meeting_id=meeting.public_id)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            meetings.viewpoint_write(
                actor=request.user,
                meeting=meeting,
                participant_id=participant_id,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        if done:
            messages.success(request, _("The viewpoint is saved; the earlier version is kept."))
            return redirect("web:meeting", meeting_id=meeting.public_id)
    return render(
        request,
        "meetings/viewpoint.html",
        {
            "form": form,
            "meeting": meeting,
            "participant": participant,
            "viewpoint": viewpoint,
            "own": participant.user_id == request.user.pk,
            "versions": selectors.versions_of(viewpoint) if viewpoint else [],
        },
    )


def meeting_minutes(request, meeting_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    if not policy.can_write_minutes(access):
        raise Http404()
    form = MinutesPartForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with on_form(form) as done:
            meetings.minutes_part_add(
                actor=request.user,
                meeting=meeting,
                kind=d["kind"],
                section=d["section"],
                text=d["text"],
            )
        if done:
            messages.success(request, _("Added to the minutes."))
            return redirect("web:meeting", meeting_id=meeting.public_id)
    return render(request, "meetings/minutes.html", {"form": form, "meeting": meeting})


def _decision_data(form, team) -> dict:
    d = dict(form.cleaned_data)
    d["organisation"] = next(
        (m.organisation for m in team if str(m.organisation.public_id) == d.get("organisation")),
        None,
    )
    d["professional"] = next(
        (m.professional for m in team if str(m.professional.public_id) == d.get("professional")),
        None,
    )
    return d


def meeting_decision(request, meeting_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    if not policy.can_write_minutes(access):
        raise Http404()
    person = meeting.person
    team = record_selectors.team_members(person) if person else []
    goals = selectors.goals_for(meeting, access)
    form = DecisionForm(
        request.POST or None,
        access=access,
        goals=goals,
        team=team,
        about_person=person is not None,
    )
    if request.method == "POST" and form.is_valid():
        goal = next((g for g in goals if str(g.public_id) == form.cleaned_data.get("goal")), None)
        with on_form(form) as done:
            decisions.decision_add(
                actor=request.user,
                meeting=meeting,
                data=_decision_data(form, team),
                goal=goal,
                new_goal=form.cleaned_data.get("new_goal", ""),
            )
        if done:
            if person is not None:
                messages.success(
                    request,
                    _(
                        "The decision is recorded and added to the plan. Propose a new version "
                        "of the plan so that it is agreed."
                    ),
                )
            else:
                messages.success(request, _("The decision is recorded."))
            return redirect("web:meeting", meeting_id=meeting.public_id)
    return render(request, "meetings/decision.html", {"form": form, "meeting": meeting})


@require_POST
def meeting_close(request, meeting_id):
    meeting, _access = fetch.access_meeting_by_id(request.user, meeting_id)
    with as_message(request) as done:
        meetings.minutes_close(actor=request.user, meeting=meeting)
    if done:
        messages.success(request, _("The minutes are final."))
    return redirect("web:meeting", meeting_id=meeting.public_id)


@require_POST
def meeting_note(request, meeting_id):
    meeting, _access = fetch.access_meeting_by_id(request.user, meeting_id)
    form = NoteForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    meetings.note_save(actor=request.user, meeting=meeting, text=text)
    messages.success(request, _("Your private note is saved."))
    return redirect("web:meeting", meeting_id=meeting.public_id)


def meeting_summary(request, meeting_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    if not policy.can_read_summary(access):
        raise Http404()
    return render(request, "meetings/summary.html", {"meeting": meeting})


def meeting_ics(request, meeting_id):
    meeting, access = fetch.access_meeting_by_id(request.user, meeting_id)
    method = "CANCEL" if meeting.cancelled_at else "REQUEST"
    me = [access.participant] if access.participant else []
    response = HttpResponse(
        calendar.invitation(meeting, me, method), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="reunion.ics"'
    return response


def calendar_settings(request):
    token = None
    if request.method == "POST":
        if request.POST.get("act") == "revoke":
            feeds.feed_revoke(actor=request.user)
            messages.success(request, _("The calendar address no longer works."))
            return redirect("web:calendar")
        token = feeds.feed_create(actor=request.user)
    return render(
        request,
        "meetings/calendar.html",
        {"token": token, "has_feed": feeds.has_feed(request.user)},
    )


@login_not_required
def calendar_feed(request, token):
    response = HttpResponse(feeds.feed_text(token), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
def meeting_rsvp(request, token):
    """The answer link of an invitee without an account (the person, whom they bring, someone
    outside Ansam): the meeting's date and place only, and three buttons."""
    participant = answers.participant_by_token(token)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        answer = form.cleaned_data["answer"] if form.is_valid() else ""
        with as_message(request) as done:
            answers.answer_by_token(token=token, answer=answer)
        if done:
            messages.success(request, _("Thank you, your answer is recorded."))
        return redirect("web:meeting_rsvp", token=token)
    meeting = participant.meeting
    return render(
        request,
        "meetings/rsvp.html",
        {"participant": participant, "meeting": meeting, "title": calendar.neutral_title(meeting)},
    )
