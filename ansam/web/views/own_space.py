"""The professionals' side of the person's own space, from the record: give the person a code
(printed, read out, emailed or texted), close the space, answer their requests for correction."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansam.access import fetch
from ansam.access import portal as policy
from ansam.core.outcomes import as_message, on_form
from ansam.portal import selectors, services, sign_in
from ansam.portal.models import SignInCode


class CodeForm(forms.Form):
    sent = forms.ChoiceField(
        label=gettext_lazy("How the code reaches the person"),
        choices=SignInCode.Sent.choices,
        widget=forms.RadioSelect,
        initial=SignInCode.Sent.PRINTED,
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Your answer (the person reads it in their space)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def own_space(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not policy.can_open_space(access):
        raise Http404()
    form = CodeForm(request.POST or None)
    if not sign_in.sms_sender():
        form.fields["sent"].choices = [
            c for c in SignInCode.Sent.choices if c[0] != SignInCode.Sent.SMS
        ]
    if request.method == "POST" and form.is_valid():
        code = None
        with on_form(form) as done:
            code = sign_in.code_give(
                actor=request.user, person=person, sent=form.cleaned_data["sent"]
            )
        if done and code:
            return render(
                request,
                "portal/code_given.html",
                {
                    "person": person,
                    "code": sign_in.shown(code),
                    "sent": form.cleaned_data["sent"],
                    "url": request.build_absolute_uri(reverse("web:me")),
                },
            )
    space = sign_in.active_access(person)
    handles = policy.can_handle_corrections(access)
    return render(
        request,
        "portal/own_space.html",
        {
            "person": person,
            "space": space,
            "codes": selectors.codes(space),
            "form": form,
            "corrections": selectors.corrections(person) if handles else [],
            "waiting": selectors.open_corrections(person),
            "answer_form": AnswerForm(),
            "handles_corrections": handles,
        },
    )


def own_space_close(request, person_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    if not policy.can_open_space(access) or request.method != "POST":
        raise Http404()
    with as_message(request) as done:
        sign_in.space_close(actor=request.user, person=person)
    if done:
        messages.success(request, _("The person's space is closed: their codes no longer work."))
    return redirect("web:own_space", person_id=person.public_id)


def correction_answer(request, person_id, correction_id):
    person, access = fetch.access_person_by_id(request.user, person_id)
    correction = selectors.correction(person, correction_id)
    if correction is None or not policy.can_handle_corrections(access) or request.method != "POST":
        raise Http404()
    form = AnswerForm(request.POST)
    if form.is_valid():
        with as_message(request) as done:
            services.correction_answer(
                actor=request.user, correction=correction, answer=form.cleaned_data["answer"]
            )
        if done:
            messages.success(
                request, _("Your answer is recorded; the person reads it in their space.")
            )
    else:
        messages.error(request, _("Write the answer the person will read."))
    return redirect("web:own_space", person_id=person.public_id)
