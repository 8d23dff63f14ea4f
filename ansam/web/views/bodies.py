"""Governing bodies: colleges and seats, sessions, attendance and quorum, votes with dissent,
and the follow-up of each opinion and decision."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansam.access import fetch, rules, scopes
from ansam.access import partnerships as policy
from ansam.core.errors import AnsamError
from ansam.core.outcomes import as_message, on_form
from ansam.meetings.selectors import invitable_members
from ansam.partnerships import governance as gov
from ansam.partnerships.models import Body, College, Motion, Vote
from ansam.web.forms_meetings import DATETIME


class BodyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Body.Kind.choices)
    organisation = forms.ChoiceField(label=gettext_lazy("Secretariat"))
    quorum = forms.IntegerField(label=gettext_lazy("Quorum (voting seats present)"), min_value=1)
    rules_text = forms.CharField(
        label=gettext_lazy("Rules"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def body_list(request):
    managed = [
        m.organisation
        for m in scopes.memberships_of(request.user)
        if rules.can_manage_organisation(request.user, m.organisation)
    ]
    form = BodyForm(request.POST or None) if managed else None
    if form is not None:
        form.fields["organisation"].choices = [(str(o.public_id), o.name) for o in managed]
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            org = next(o for o in managed if str(o.public_id) == d["organisation"])
            with on_form(form) as done:
                body = gov.body_create(
                    actor=request.user,
                    organisation=org,
                    name=d["name"],
                    kind=d["kind"],
                    quorum=d["quorum"],
                    rules_text=d["rules_text"],
                )
            if done:
                return redirect("web:body", body_id=body.public_id)
    bodies = policy.bodies_visible_to(request.user).select_related("organisation")
    return render(request, "partnerships/bodies.html", {"bodies": bodies, "form": form})


def body_detail(request, body_id):
    body = fetch.access_body_by_id(request.user, body_id)
    can_run = policy.can_run_body(request.user, body)
    if request.method == "POST":
        if not can_run:
            raise Http404()
        act = request.POST.get("act")
        with as_message(request) as done:
            if act == "college":
                gov.college_add(
                    actor=request.user,
                    body=body,
                    name=request.POST.get("name", ""),
                    kind=request.POST.get("kind", ""),
                    seats=int(request.POST.get("seats") or 0),
                )
            elif act in ("seat", "representative"):
                college = gov.college_of(body, request.POST.get("college", ""))
                if college is None:
                    raise Http404()
                if act == "representative":
                    holder = gov.representative_account(
                        actor=request.user,
                        body=body,
                        name=request.POST.get("name", ""),
                        email=request.POST.get("email", ""),
                    )
                else:
                    members = {str(m.public_id): m.user for m in invitable_members(request.user)}
                    holder = members.get(request.POST.get("holder", ""))
                    if holder is None:
                        raise AnsamError(_("Choose the seat's holder."))
                gov.seat_assign(actor=request.user, college=college, holder=holder)
            elif act == "session":
                form = forms.Form(request.POST)
                form.fields["starts_at"] = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M"])
                if not form.is_valid():
                    raise AnsamError(_("Give the date and time."))
                gov.session_create(
                    actor=request.user,
                    body=body,
                    data={
                        "starts_at": form.cleaned_data["starts_at"],
                        "place": request.POST.get("place", ""),
                    },
                )
            else:
                raise Http404()
        if done:
            messages.success(request, _("Saved."))
        return redirect("web:body", body_id=body.public_id)
    sessions = gov.sessions_of(body)
    return render(
        request,
        "partnerships/body.html",
        {
            "body": body,
            "colleges": gov.colleges_of(body),
            "sessions": sessions,
            "can_run": can_run,
            "members": invitable_members(request.user) if can_run else [],
            "college_kinds": College.Kind.choices,
            "datetime": DATETIME,
        },
    )


def session_detail(request, body_id, session_id):
    body = fetch.access_body_by_id(request.user, body_id)
    session = gov.session_of(body, session_id)
    if session is None:
        raise Http404()
    can_run = policy.can_run_body(request.user, body)
    if request.method == "POST":
        act = request.POST.get("act")
        with as_message(request) as done:
            if act == "attend":
                seat = gov.seat_of(body, request.POST.get("seat", ""))
                if seat is None:
                    raise Http404()
                who = seat.substitute if request.POST.get("who") == "substitute" else seat.holder
                if who is None:
                    raise AnsamError(_("No one holds this place."))
                gov.attendance_record(
                    actor=request.user, body=body, session=session, seat=seat, user=who
                )
            elif act == "motion":
                gov.motion_add(
                    actor=request.user,
                    body=body,
                    session=session,
                    kind=request.POST.get("kind", ""),
                    text=request.POST.get("text", ""),
                )
            elif act in ("vote", "follow_up"):
                motion = gov.motion_of(session, request.POST.get("motion", ""))
                if motion is None:
                    raise Http404()
                if act == "vote":
                    gov.vote(
                        actor=request.user,
                        body=body,
                        motion=motion,
                        choice=request.POST.get("choice", ""),
                        dissent=request.POST.get("dissent", ""),
                    )
                else:
                    gov.follow_up(
                        actor=request.user,
                        body=body,
                        motion=motion,
                        text=request.POST.get("text", ""),
                        by=request.POST.get("by", ""),
                        on=None,
                    )
            else:
                raise Http404()
        if done:
            messages.success(request, _("Saved."))
        return redirect("web:body_session", body_id=body.public_id, session_id=session.public_id)
    attendance = gov.attendance_of(session)
    motions = gov.motions_of(session)
    my_seats = {s.pk for s in policy.seats_held(request.user, body)}
    sitting = next(
        (a for a in attendance.values() if a.user_id == request.user.pk and a.seat_id in my_seats),
        None,
    )
    voted = gov.voted_motions(motions, sitting.seat_id) if sitting else set()
    earlier = gov.earlier_motions(body, session)
    return render(
        request,
        "partnerships/session.html",
        {
            "body": body,
            "session": session,
            "colleges": gov.colleges_of(body),
            "attendance": attendance,
            "present": gov.present_voting_seats(session),
            "quorum": gov.quorum_reached(body, session),
            "motions": [(m, gov.tally(m), gov.dissents(m)) for m in motions],
            "can_run": can_run,
            "sitting": sitting,
            "voted": voted,
            "choices": Vote.Choice.choices,
            "motion_kinds": Motion.Kind.choices,
            "earlier": earlier,
        },
    )
