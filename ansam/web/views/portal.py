"""The person's own space (/me/): sign in with the code a worker gave and the birth date, then
their plan (sign, refuse, refuse a part with their words), where they were sent, who helps them
and what each reads, their choices about sharing, who read their record, and their data.

These pages need no professional account: the person's session names their record only
(access.portal.signed_in_access); anyone else is sent to the sign-in page."""

import json
from datetime import date
from functools import wraps

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
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
from ansam.portal import printout, selectors, services
from ansam.sharing.models import SharingBasis
from ansam.sharing.sections import Section


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
            space = services.sign_in_with_code(
                code=request.POST.get("code", ""),
                birth_date=form.birth_date(),
                address=get_client_ip_address(request) or "",
            )
        if done:
            if request.user.is_authenticated:
                logout(request)  # a professional's session on this device ends first
            request.session.cycle_key()
            request.session[policy.SESSION_ACCESS] = space.pk
            request.session[policy.SESSION_SEEN] = timezone.now().timestamp()
            return redirect("web:me")
    return render(request, "portal/sign_in.html", {"form": form, "space": None})


@login_not_required
@require_POST
def sign_out(request):
    request.session.flush()
    messages.info(request, _("You are signed out. See you soon."))
    return redirect("web:me_sign_in")


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
        actor=None, action=Audit.PORTAL_EXPORT, person=person, role="person", detail={"format": fmt}
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
