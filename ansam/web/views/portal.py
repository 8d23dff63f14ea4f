"""The person's own space (/me/): sign in with the code a worker gave and the birth date, then
their plan (sign, refuse, refuse a part with their words), where they were sent, who helps them
and what each reads, their choices about sharing, who read their record, and their data.

These pages need no professional account: the person's session names their record only
(access.portal.signed_in_access); anyone else is sent to the sign-in page."""

import json
import logging
from datetime import date
from functools import wraps

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import portal as policy
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.core.errors import AnsamError
from ansam.core.outcomes import as_message, on_form
from ansam.organisations.models import Organisation
from ansam.portal import franceconnect, printout, selectors, services
from ansam.portal import sign_in as entry
from ansam.sharing.models import SharingBasis
from ansam.sharing.sections import Section

logger = logging.getLogger(__name__)


def _number(label, low, high, size):
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "size": size, "maxlength": size, "autocomplete": "off"}
        ),
    )


class SignInForm(forms.Form):
    """The birth date in three boxes (day, month, year), as public services ask for a date one
    knows by heart: a calendar is slow for a birth date, and its order of day and month depends
    on the browser."""

    code = forms.CharField(
        label=gettext_lazy("Your code"),
        max_length=20,
        help_text=gettext_lazy("8 letters and digits, on the paper or message from your worker."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    day = _number(gettext_lazy("Day"), 1, 31, 2)
    month = _number(gettext_lazy("Month"), 1, 12, 2)
    year = _number(gettext_lazy("Year"), 1900, 2100, 4)

    def birth_date(self) -> date | None:
        data = self.cleaned_data
        try:
            return date(data["year"], data["month"], data["day"])
        except (KeyError, TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("day", "month", "year")) and self.birth_date() is None:
            self.add_error("day", _("This date does not exist."))
        return data


def person_space(view):
    """The page is the person's: their session, or the sign-in page."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        space = policy.signed_in_access(request)
        if space is None:
            return redirect("web:me_sign_in")
        request.space = space
        return view(request, *args, **kwargs)

    return wrapper


def _render(request, template, context=None):
    return render(request, template, {"space": request.space, **(context or {})})


@login_not_required
def sign_in(request):
    if policy.signed_in_access(request) is not None:
        return redirect("web:me")
    form = SignInForm(request.POST or None)
    if request.method == "POST":
        form.is_valid()
        with on_form(form) as done:
            space = entry.sign_in_with_code(
                code=request.POST.get("code", ""),
                birth_date=form.birth_date(),
                address=get_client_ip_address(request) or "",
            )
        if done:
            _enter(request, space)
            return redirect("web:me")
    return render(
        request,
        "portal/sign_in.html",
        {"form": form, "space": None, "franceconnect": franceconnect.enabled()},
    )


def _enter(request, space) -> None:
    """The person's session: a new key (no fixation), their space only."""
    if request.user.is_authenticated:
        logout(request)  # a professional's session on this device ends first
    request.session.cycle_key()
    request.session[policy.SESSION_ACCESS] = space.pk
    request.session[policy.SESSION_SEEN] = timezone.now().timestamp()


@login_not_required
@require_POST
def sign_out(request):
    id_token = request.session.get(FC_TOKEN)
    request.session.flush()
    messages.info(request, _("You are signed out. See you soon."))
    if id_token and franceconnect.enabled():
        back = request.build_absolute_uri(reverse("web:me_sign_in"))
        try:
            there = franceconnect.logout_url(id_token, post_logout_redirect_uri=back)
        except franceconnect.FranceConnectError:
            there = None
        if there:
            return redirect(there)
    return redirect("web:me_sign_in")


FC_TOKEN = "_ansam_franceconnect_id_token"  # noqa: S105 (a session key)


def _callback_uri(request) -> str:
    return request.build_absolute_uri(reverse("web:me_franceconnect_callback"))


@login_not_required
def franceconnect_start(request, purpose):
    """To FranceConnect: to sign in, or (from inside the space) to link the identity."""
    if not franceconnect.enabled() or purpose not in ("sign_in", "link"):
        raise Http404()
    if purpose == "link" and policy.signed_in_access(request) is None:
        return redirect("web:me_sign_in")
    try:
        there = franceconnect.authorize_url(
            request.session, purpose=purpose, redirect_uri=_callback_uri(request)
        )
    except franceconnect.FranceConnectError as error:
        messages.error(request, str(error))
        return redirect("web:me_sign_in")
    return redirect(there)


@login_not_required
def franceconnect_callback(request):
    if not franceconnect.enabled():
        raise Http404()
    space = policy.signed_in_access(request)
    try:
        purpose, identity = franceconnect.finish(
            request.session, request.GET, redirect_uri=_callback_uri(request)
        )
    except franceconnect.FranceConnectError as error:
        logger.warning("FranceConnect refused: %s", getattr(error, "reason", error))
        messages.error(request, str(error))
        return redirect("web:me" if space else "web:me_sign_in")
    if purpose == "link":
        if space is None:
            return redirect("web:me_sign_in")
        with as_message(request) as done:
            entry.franceconnect_link(access=space, identity=identity)
        if done:
            messages.success(request, _("Next time, you can open your space with FranceConnect."))
        return redirect("web:me")
    with as_message(request) as done:
        space = entry.franceconnect_sign_in(identity=identity)
    if not done:
        return redirect("web:me_sign_in")
    _enter(request, space)
    request.session[FC_TOKEN] = identity.id_token
    return redirect("web:me")


@person_space
def home(request):
    person = request.space.person
    shown = selectors.plan(person)
    return _render(
        request,
        "portal/home.html",
        {
            "person": person,
            "plan": shown,
            "to_answer": shown.version is not None and shown.answer is None,
            "referrals": selectors.referrals(person)[:3],
            "franceconnect": franceconnect.enabled() and not request.space.franceconnect_sub,
        },
    )


@person_space
def plan(request):
    person = request.space.person
    shown = selectors.plan(person)
    errors = {}
    if request.method == "POST" and shown.version is not None:
        refusals = {
            key.removeprefix("why-"): value
            for key, value in request.POST.items()
            if key.startswith("why-") and request.POST.get(f"refuse-{key.removeprefix('why-')}")
        }
        missing = [
            key.removeprefix("refuse-")
            for key in request.POST
            if key.startswith("refuse-")
            and not request.POST.get(f"why-{key.removeprefix('refuse-')}", "").strip()
        ]
        if missing:
            errors = {f"why-{k}": _("Say why, in your words.") for k in missing}
        else:
            try:
                services.plan_answer(
                    access=request.space,
                    number=request.POST.get("number"),
                    shown_hash=request.POST.get("hash", ""),
                    decision=request.POST.get("decision", ""),
                    refusals=refusals,
                    reason=request.POST.get("reason", ""),
                )
            except AnsamError as exc:
                errors = {k: " ".join(map(str, v)) for k, v in exc.fields.items()}
                errors.setdefault("form", str(exc.message))
            else:
                messages.success(request, _("Your answer is recorded. Your worker is told."))
                return redirect("web:me_plan")
    return _render(
        request,
        "portal/plan.html",
        {"plan": shown, "errors": errors, "posted": request.POST if errors else {}},
    )


@person_space
def referrals(request):
    return _render(
        request, "portal/referrals.html", {"referrals": selectors.referrals(request.space.person)}
    )


@person_space
def referral_letter(request, referral_id):
    referral = selectors.referral(request.space.person, referral_id)
    if referral is None:
        raise Http404()
    return _render(request, "portal/letter.html", {"referral": referral})


@person_space
def team(request):
    return _render(request, "portal/team.html", {"team": selectors.team(request.space.person)})


@person_space
def choices(request):
    person = request.space.person
    if request.method == "POST":
        organisation = None
        org_id = request.POST.get("organisation", "")
        if org_id:
            organisation = next(
                (o for o in services.team_organisations(person) if str(o.public_id) == org_id),
                Organisation(name="?"),  # not in the team: the service says so
            )
        with as_message(request) as done:
            services.choice_record(
                access=request.space,
                organisation=organisation,
                section=request.POST.get("section", ""),
                basis=request.POST.get("basis", ""),
            )
        if done:
            messages.success(request, _("Your choice is recorded. It applies now."))
        return redirect("web:me_choices")
    rows = selectors.choices(person)
    by_org: dict = {}
    for row in rows:
        by_org.setdefault(row.organisation, []).append(row)
    return _render(
        request,
        "portal/choices.html",
        {
            "by_org": list(by_org.items()),
            "CONSENT": SharingBasis.Basis.CONSENT,
            "WITHDRAWN": SharingBasis.Basis.WITHDRAWN,
            "OBJECTION": SharingBasis.Basis.OBJECTION,
            "HEALTH": Section.HEALTH,
        },
    )


@person_space
def meetings(request):
    if request.method == "POST":
        meeting_id = request.POST.get("meeting", "")
        with as_message(request) as done:
            if "answer" in request.POST:
                services.meeting_answer(
                    access=request.space, meeting_id=meeting_id, answer=request.POST["answer"]
                )
            else:
                version = request.POST.get("version", "")
                services.meeting_viewpoint(
                    access=request.space,
                    meeting_id=meeting_id,
                    reading=request.POST.get("reading", ""),
                    proposal=request.POST.get("proposal", ""),
                    version=int(version) if version.isdigit() else None,
                )
        if done:
            messages.success(request, _("Recorded. The participants will read it."))
        return redirect("web:me_meetings")
    return _render(
        request, "portal/meetings.html", {"rows": selectors.meetings(request.space.person)}
    )


@person_space
def log(request):
    page, lines = selectors.log(request.space.person, request.GET.get("page"))
    return _render(request, "portal/log.html", {"page": page, "lines": lines})


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What is wrong, and what it should say"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@person_space
def data(request):
    person = request.space.person
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            services.correction_ask(access=request.space, text=form.cleaned_data["text"])
        if done:
            messages.success(
                request, _("Your request is sent. Your worker must answer within a month.")
            )
            return redirect("web:me_data")
    return _render(
        request,
        "portal/data.html",
        {"form": form, "corrections": selectors.corrections(person)},
    )


@person_space
def data_export(request, fmt):
    if fmt not in ("json", "pdf"):
        raise Http404()
    person = request.space.person
    found = selectors.everything(person)
    audit(
        actor=None,
        action=Audit.PORTAL_EXPORT,
        person=person,
        role=policy.PERSON_ROLE,
        detail={"format": fmt},
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        response = HttpResponse(
            json.dumps(found, ensure_ascii=False, indent=1, default=str),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="mes_donnees_{stamp}.json"'
        return response
    response = HttpResponse(printout.pdf(person, found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mes_donnees_{stamp}.pdf"'
    return response
