"""Referral pages: choose a service for a person, send, the queues, answer, follow the loop."""

import re
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import fetch, records
from ansam.access import plans as plan_rules
from ansam.access import referrals as rules
from ansam.core.errors import AnsamError
from ansam.core.notifications import Notification
from ansam.core.outcomes import as_message, on_form
from ansam.organisations.search import DirectoryQuery, search_directory
from ansam.referrals import selectors
from ansam.referrals import services as referral_services
from ansam.referrals.models import State
from ansam.sharing.sections import Section
from ansam.web.forms import grouped_thematiques
from ansam.web.forms_referrals import AcceptForm, CloseForm, DeclineForm, ReferralForm

UUID_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def choose_service(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not rules.can_refer(access):
        raise Http404()
    query = DirectoryQuery(
        text=request.GET.get("q", ""),
        thematique=request.GET.get("thematique", ""),
        commune=request.GET.get("commune", person.commune_id or ""),
    )
    results = search_directory(query, per_page=10) if not query.is_empty() else None
    return render(
        request,
        "referrals/choose.html",
        {
            "person": person,
            "results": results,
            "query": query,
            "thematiques": grouped_thematiques(True),
        },
    )


def send(request, person_id, service_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    service = fetch.access_service_by_id(request.user, service_id)
    if not rules.can_refer(access):
        raise Http404()
    readable = rules.referral_sections(access)
    thematique = service.thematiques[0] if service.thematiques else ""
    form = ReferralForm(
        request.POST or None,
        sections=readable,
        initial={
            "section": referral_services.default_section(access, thematique),
            "sections": [Section.IDENTITY],
            "basis": "informed",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with on_form(form) as done:
            referral = referral_services.referral_send(
                actor=request.user,
                person=person,
                service=service,
                need_words=data["need_words"],
                reason=data["reason"],
                section=data["section"],
                sections=data["sections"],
                basis=data["basis"],
                how=data["how"],
                override_reason=data["override_reason"],
                urgent=data["urgent"],
                accept_waiting_list=data["accept_waiting_list"],
                idempotency_key=data["idempotency_key"],
            )
        if done:
            messages.success(request, _("The referral was sent to %s.") % service.organisation)
            return redirect("web:referral", referral_id=referral.public_id)
    return render(
        request,
        "referrals/send.html",
        {
            "form": form,
            "person": person,
            "service": service,
            "full": service.capacity_status in ("full", "suspended"),
        },
    )


def queues(request):
    tab = request.GET.get("tab", "received")
    closed = request.GET.get("closed") == "1"
    if tab == "sent":
        qs = selectors.sent(request.user, include_closed=closed)
    else:
        qs = selectors.inbox(request.user, mine_only=tab == "mine", include_closed=closed)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "referrals/queues.html", {"page": page, "tab": tab, "closed": closed})


def detail(request, referral_id):
    referral, carried, events = selectors.referral_page(request.user, referral_id)
    if rules.is_receiver(request.user, referral) and referral.state == State.SENT:
        referral = referral_services.referral_see(actor=request.user, referral=referral)
        events = selectors.events_of(referral)
    can_answer = rules.can_answer(request.user, referral)
    redirect_results = None
    if can_answer and request.GET.get("redirect_q") and not referral.outside_ansam:
        redirect_results = search_directory(
            DirectoryQuery(text=request.GET["redirect_q"]), per_page=5
        )
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "carried": carried,
            "events": events,
            "can_answer": can_answer,
            "can_cancel": rules.can_cancel(request.user, referral),
            "can_plan": referral.state in (State.ACCEPTED, State.IN_PROGRESS)
            and plan_rules.can_edit_plan(records.record_access(request.user, referral.person)),
            "is_sender": rules.is_sender(request.user, referral),
            "accept_form": AcceptForm(),
            "decline_form": DeclineForm(),
            "close_form": CloseForm(),
            "redirect_results": redirect_results,
        },
    )


@require_POST
def act(request, referral_id, action):
    referral = fetch.access_referral_by_id(request.user, referral_id)
    user = request.user
    with as_message(request) as done:
        if action == "accept":
            form = AcceptForm(request.POST)
            if not form.is_valid():
                raise AnsamError(_("Give the date of the first appointment."))
            referral_services.referral_accept(
                actor=user,
                referral=referral,
                appointment_at=form.cleaned_data["appointment_at"],
                note=form.cleaned_data["note"],
            )
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                raise AnsamError(_("Choose a reason."))
            suggested = None
            found = UUID_IN_TEXT.search(form.cleaned_data["suggested_service"] or "")
            if found:
                suggested = fetch.access_service_by_id(user, found.group(0))
            referral_services.referral_decline(
                actor=user,
                referral=referral,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                suggested_service=suggested,
            )
        elif action == "redirect":
            service = fetch.access_service_by_id(user, request.POST.get("service", ""))
            referral_services.referral_redirect(
                actor=user, referral=referral, service=service, text=request.POST.get("text", "")
            )
        elif action == "start":
            referral_services.referral_start(actor=user, referral=referral)
        elif action == "close":
            form = CloseForm(request.POST)
            if not form.is_valid():
                raise AnsamError(_("Choose an outcome."))
            referral_services.referral_close(
                actor=user,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
            )
        elif action == "cancel":
            referral_services.referral_cancel(actor=user, referral=referral)
        else:
            raise Http404()
    if done:
        messages.success(request, _("Done."))
    return redirect("web:referral", referral_id=referral.public_id)


def letter(request, referral_id):
    referral = fetch.access_referral_by_id(request.user, referral_id)
    if not rules.is_sender(request.user, referral):
        raise Http404()
    return render(request, "referrals/letter.html", {"referral": referral})


def notifications(request):
    from django.utils import timezone

    rows = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        rows.filter(read_at=None).update(read_at=timezone.now())
        return redirect("web:notifications")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "referrals/notifications.html", {"page": page})
