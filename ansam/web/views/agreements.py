"""Partnership agreements: draft together, propose, each party accepts or declines, amend,
withdraw; the acceptance table, the PDF, and the territory's open-data export."""

import csv
import io
import json

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import fetch, rules, scopes
from ansam.access import partnerships as policy
from ansam.core.errors import AnsamError
from ansam.core.outcomes import as_message, on_form
from ansam.partnerships import followup, selectors, services
from ansam.partnerships.models import Contribution
from ansam.web.forms_plans import DATE


class AgreementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    purpose = forms.CharField(
        label=gettext_lazy("Object"), widget=forms.Textarea(attrs={"rows": 3})
    )
    territory = forms.CharField(label=gettext_lazy("Territory"), max_length=200, required=False)
    starts_on = forms.DateField(label=gettext_lazy("Start date"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("End date"), widget=DATE)
    review_on = forms.DateField(label=gettext_lazy("Review date"), widget=DATE, required=False)


class NewAgreementForm(AgreementForm):
    organisation = forms.ChoiceField(label=gettext_lazy("For my organisation"))
    partners = forms.MultipleChoiceField(
        label=gettext_lazy("Partners"), widget=forms.CheckboxSelectMultiple
    )


class PartyForm(forms.Form):
    missions = forms.CharField(
        label=gettext_lazy("Missions: what this party will do"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contributions = forms.CharField(
        label=gettext_lazy("Contributions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One a line: kind; amount; unit; description. Kinds: money, staff, skills, premises, "
            "equipment, other. Units: euros, hours, fte (or nothing)."
        ),
    )
    contact_name = forms.CharField(label=gettext_lazy("Contact"), max_length=200, required=False)
    contact_email = forms.EmailField(label=gettext_lazy("Contact email"), required=False)
    signatory = forms.ChoiceField(label=gettext_lazy("Signatory"), required=False)


def agreement_list(request):
    agreements = policy.agreements_visible_to(request.user).prefetch_related(
        "parties__organisation"
    )
    return render(request, "partnerships/list.html", {"agreements": agreements})


def agreement_new(request):
    managed = [
        m.organisation
        for m in scopes.memberships_of(request.user)
        if rules.can_manage_organisation(request.user, m.organisation)
    ]
    if not managed:
        raise Http404()
    partners = list(scopes.organisations_visible_to(request.user).order_by("name")[:500])
    form = NewAgreementForm(request.POST or None)
    form.fields["organisation"].choices = [(str(o.public_id), o.name) for o in managed]
    # Organisations of the same name exist in several communes: the commune tells them apart.
    form.fields["partners"].choices = [
        (str(o.public_id), f"{o.name} — {o.commune_name}" if o.commune_name else o.name)
        for o in partners
    ]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = next(o for o in managed if str(o.public_id) == d["organisation"])
        chosen = [o for o in partners if str(o.public_id) in d["partners"]]
        with on_form(form) as done:
            agreement = services.agreement_create(
                actor=request.user, organisation=org, partners=chosen, data=d
            )
        if done:
            messages.success(request, _("The draft is created; each party writes its part."))
            return redirect("web:agreement", agreement_id=agreement.public_id)
    return render(request, "partnerships/form.html", {"form": form})


def agreement_detail(request, agreement_id):
    agreement = fetch.access_agreement_by_id(request.user, agreement_id)
    page = selectors.agreement_page(request.user, agreement)
    return render(request, "partnerships/detail.html", {"agreement": agreement, **page})


def agreement_edit(request, agreement_id):
    agreement = fetch.access_agreement_by_id(request.user, agreement_id)
    if not policy.can_edit(request.user, agreement):
        raise Http404()
    initial = {
        f: getattr(agreement, f)
        for f in ("title", "purpose", "territory", "starts_on", "ends_on", "review_on")
    }
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            services.agreement_update(
                actor=request.user, agreement=agreement, data=form.cleaned_data
            )
        if done:
            messages.success(request, _("Saved."))
            return redirect("web:agreement", agreement_id=agreement.public_id)
    return render(request, "partnerships/form.html", {"form": form, "agreement": agreement})


def party_edit(request, agreement_id, party_id):
    agreement = fetch.access_agreement_by_id(request.user, agreement_id)
    party = selectors.party_of(agreement, party_id)
    if party is None or not policy.can_edit(request.user, agreement):
        raise Http404()
    members = selectors.members_of(party.organisation)
    lines = "\n".join(
        f"{c.kind}; {c.amount if c.amount is not None else ''}; {c.unit}; {c.description}"
        for c in selectors.contributions_of(party)
    )
    form = PartyForm(
        request.POST or None,
        initial={
            "missions": party.missions,
            "contributions": lines,
            "contact_name": party.contact_name,
            "contact_email": party.contact_email,
            "signatory": str(party.signatory.public_id) if party.signatory else "",
        },
    )
    form.fields["signatory"].choices = [("", _("its managers"))] + [
        (str(u.public_id), u.full_name) for u in members
    ]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        signatory = next((u for u in members if str(u.public_id) == d["signatory"]), None)
        with on_form(form) as done:
            services.party_update(
                actor=request.user,
                party=party,
                missions=d["missions"],
                contributions=services.parse_contributions(d["contributions"]),
                contact_name=d["contact_name"],
                contact_email=d["contact_email"],
                signatory=signatory,
            )
        if done:
            messages.success(request, _("Saved."))
            return redirect("web:agreement", agreement_id=agreement.public_id)
    return render(
        request,
        "partnerships/party.html",
        {"form": form, "agreement": agreement, "party": party, "kinds": Contribution.Kind.choices},
    )


@require_POST
def agreement_act(request, agreement_id, act):
    agreement = fetch.access_agreement_by_id(request.user, agreement_id)
    with as_message(request) as done:
        if act == "propose":
            services.agreement_propose(actor=request.user, agreement=agreement)
            success = _("Proposed: each party's signatory is asked to answer.")
        elif act == "amend":
            services.agreement_amend(actor=request.user, agreement=agreement)
            success = _("An amendment is open; the version in force still applies.")
        elif act in ("accept", "decline"):
            party = selectors.party_of(agreement, request.POST.get("party", ""))
            if party is None:
                raise Http404()
            services.agreement_answer(
                actor=request.user,
                agreement=agreement,
                party=party,
                decision="accepted" if act == "accept" else "declined",
                shown_hash=request.POST.get("hash", ""),
                reason=request.POST.get("reason", ""),
            )
            success = _("Your organisation's answer is recorded.")
        elif act == "indicator":
            services.indicator_add(
                actor=request.user,
                agreement=agreement,
                data={k: request.POST.get(k, "") for k in ("name", "how", "baseline", "target")},
            )
            success = _("Saved.")
        elif act == "channel":
            service = next(
                (
                    x
                    for x in selectors.party_services(agreement)
                    if str(x.public_id) == request.POST.get("service")
                ),
                None,
            )
            if service is None:
                raise Http404()
            followup.channel_add(
                actor=request.user,
                agreement=agreement,
                service=service,
                answer_days=int(request.POST.get("answer_days") or 0),
            )
            success = _("Saved.")
        elif act == "evaluate":
            values = {
                name.removeprefix("indicator:"): value
                for name, value in request.POST.items()
                if name.startswith("indicator:")
            }
            followup.evaluation_record(
                actor=request.user,
                agreement=agreement,
                values=values,
                note=request.POST.get("note", ""),
            )
            success = _("The evaluation is recorded.")
        elif act == "document":
            followup.document_add(
                actor=request.user,
                agreement=agreement,
                kind=request.POST.get("kind", ""),
                upload=request.FILES.get("file"),
            )
            success = _("The document is added.")
        elif act == "withdraw":
            party = selectors.party_of(agreement, request.POST.get("party", ""))
            form = forms.Form(request.POST)
            form.fields["on"] = forms.DateField()
            if party is None or not form.is_valid():
                raise AnsamError(_("Give the date the notice ends."))
            services.party_withdraw(
                actor=request.user,
                party=party,
                on=form.cleaned_data["on"],
                reason=request.POST.get("reason", ""),
            )
            success = _("The withdrawal is recorded; the other parties are told.")
        else:
            raise Http404()
    if done:
        messages.success(request, success)
    return redirect("web:agreement", agreement_id=agreement.public_id)


def agreement_pdf(request, agreement_id):
    agreement = fetch.access_agreement_by_id(request.user, agreement_id)
    version = selectors.version_to_print(request.user, agreement)
    if version is None:
        raise Http404()
    response = HttpResponse(
        selectors.render_pdf(agreement, version), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="convention.pdf"'
    return response


def agreements_export(request, fmt):
    rows = selectors.open_data(request.user)
    if fmt == "json":
        return HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=1), content_type="application/json"
        )
    if fmt != "csv":
        raise Http404()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "territory", "starts_on", "ends_on", "status", "parties", "missions"])
    for row in rows:
        writer.writerow(
            [
                row["title"],
                row["territory"],
                row["starts_on"],
                row["ends_on"],
                row["status"],
                " | ".join(p["organisation"] for p in row["parties"]),
                " | ".join(p["missions"].replace("\n", " ") for p in row["parties"]),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="conventions.csv"'
    return response


def agreement_document(request, agreement_id, document_id):
    agreement = fetch.access_agreement_by_id(request.user, agreement_id)
    document = selectors.document_of(request.user, agreement, document_id)
    if document is None:
        raise Http404()
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.file_type,
    )
    response["Cache-Control"] = "no-store"
    return response
