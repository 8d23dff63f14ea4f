from django import forms
from django.utils.translation import gettext_lazy as _

from ansam.referrals.models import DeclineReason, Outcome
from ansam.sharing.models import SharingBasis
from ansam.sharing.sections import Section


class ReferralForm(forms.Form):
    need_words = forms.CharField(
        label=_("The need, in the person's own words"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Why this service"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    section = forms.ChoiceField(
        label=_("The referral is about"),
        help_text=_(
            "Its need, its answers and its appointment are read in the care team only "
            "by those who may read this section."
        ),
    )
    sections = forms.MultipleChoiceField(
        label=_("What travels with the referral (only what the partner needs)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basis = forms.ChoiceField(
        label=_("The person agrees to this referral and to what travels with it"),
        choices=[
            (SharingBasis.Basis.INFORMED, _("Informed, does not object")),
            (SharingBasis.Basis.CONSENT, _("Explicit consent")),
            ("", _("Not recorded (a reason is required)")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    how = forms.ChoiceField(label=_("Expressed"), choices=SharingBasis.How.choices[:2])
    override_reason = forms.CharField(
        label=_("Why the person's agreement could not be recorded"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    accept_waiting_list = forms.BooleanField(
        label=_("The service is full or suspended: send anyway, for its waiting list"),
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(s, Section(s).label) for s in sections]
        self.fields["section"].choices = [(s, Section(s).label) for s in sections]
        kept = [str(Section(s).label) for s in Section.values if s not in sections]
        if kept:
            self.fields["sections"].help_text = _(
                "You may not share what you may not read yourself: %(sections)s."
            ) % {"sections": ", ".join(kept)}


class AcceptForm(forms.Form):
    appointment_at = forms.DateTimeField(
        label=_("First appointment"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(
        label=_("Message to the sender"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    text = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    suggested_service = forms.CharField(
        label=_("Suggest another service (its address in Ansam, optional)"), required=False
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    text = forms.CharField(
        label=_("In a few words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
