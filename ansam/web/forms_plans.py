"""Forms of the personalised plan, of signals and of the end of an accompaniment. They parse
and check the shape of input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ansam.plans.models import Action, Signature
from ansam.sharing.models import AccompanimentClosure
from ansam.sharing.sections import Section

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def section_choices(access) -> list[tuple[str, str]]:
    return [(s, Section(s).label) for s in Section.values if access.can_read(s)]


STALE_FORM = _(
    "This form is out of date (it does not say which version it changes): reload the page."
)


class NeedForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    words = forms.CharField(
        label=_("The need, in the person's own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Write what the person says, as they say it."),
    )
    assessment = forms.CharField(
        label=_("Your assessment (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(access)


class AssessForm(forms.Form):
    assessment = forms.CharField(
        label=_("Professional assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": STALE_FORM})


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    need = forms.ChoiceField(label=_("For the need"), required=False)
    section = forms.ChoiceField(label=_("Section (when no need is chosen)"), required=False)
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, error_messages={"required": STALE_FORM}
    )

    def __init__(self, *args, access, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "—")] + [(n["key"], n["words"][:80]) for n in needs]
        self.fields["section"].choices = [("", "—"), *section_choices(access)]


class ActionForm(forms.Form):
    goal = forms.ChoiceField(label=_("Goal"))
    what = forms.CharField(label=_("What"), max_length=300)
    holder = forms.ChoiceField(
        label=_("Who is responsible"), choices=Action.Holder.choices, widget=forms.RadioSelect
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    professional = forms.ChoiceField(label=_("Professional"), required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    referral = forms.ChoiceField(label=_("Comes from the referral"), required=False)
    past_confirmed = forms.BooleanField(label=_("I confirm the date in the past"), required=False)
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, error_messages={"required": STALE_FORM}
    )

    def __init__(self, *args, goals=(), team=(), referrals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g["key"], g["text"]) for g in goals]
        orgs = {m.organisation.public_id: m.organisation.name for m in team}
        self.fields["organisation"].choices = [("", "—")] + [(str(k), v) for k, v in orgs.items()]
        self.fields["professional"].choices = [("", "—")] + [
            (str(m.professional.public_id), f"{m.professional.full_name} ({m.organisation.name})")
            for m in team
        ]
        self.fields["referral"].choices = [("", "—")] + [
            (str(r.public_id), f"{r.service_name} ({r.get_state_display()})") for r in referrals
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    reason = forms.CharField(label=_("Reason (if abandoned)"), required=False, max_length=300)


class ProposeForm(forms.Form):
    note = forms.CharField(label=_("What changed (optional)"), required=False, max_length=500)
    review_on = forms.DateField(label=_("Review date"), required=False, widget=DATE)


class ReviewForm(forms.Form):
    review_on = forms.DateField(label=_("Review date"), widget=DATE)


class AnswerForm(forms.Form):
    """One party's answer. For the person, one line per goal and action they may refuse."""

    decision = forms.ChoiceField(
        label=_("Answer"), choices=Signature.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason for refusing the whole plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    signed_on = forms.DateField(label=_("Date of signature"), required=False, widget=DATE)
    file = forms.FileField(label=_("Signed printout (PDF or picture)"), required=False)
    number = forms.IntegerField(widget=forms.HiddenInput)
    shown_hash = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, items=(), person=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusable = []
        if not person:
            del self.fields["file"]
            del self.fields["signed_on"]
            self.fields["reason"].label = _("Reason for refusing")
            return
        for key, label in items:
            name = f"refuse_{key}"
            self.fields[name] = forms.CharField(
                label=_("“%(item)s”: refused because") % {"item": label[:80]},
                required=False,
                max_length=500,
            )
            self.refusable.append(name)

    def refusals(self) -> dict:
        return {
            n.removeprefix("refuse_"): self.cleaned_data[n]
            for n in self.refusable
            if self.cleaned_data.get(n, "").strip()
        }


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=AccompanimentClosure.Reason.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)


class SignalActForm(forms.Form):
    act = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("New date"), required=False, widget=DATE)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    section = forms.ChoiceField(label=_("Section"), required=False)
    text = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", "—"), *AccompanimentClosure.Reason.choices],
    )
    membership = forms.ChoiceField(label=_("Colleague"), required=False)

    def __init__(self, *args, access=None, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(access) if access else []
        self.fields["membership"].choices = [("", "—")] + [
            (str(m.public_id), m.user.full_name) for m in members
        ]


class ReopenForm(forms.Form):
    organisation = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why the record is reopened"), max_length=300)
