"""Forms of coordination meetings. They parse and check the shape of input; the rules live in
meetings/services.py and access/meetings.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ansam.meetings.models import Meeting, MinutesPart, Participant
from ansam.plans.models import Action
from ansam.web.forms_plans import DATE, section_choices

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    organisation = forms.ChoiceField(label=_("Organised by"), required=False)
    title = forms.CharField(label=_("Title (seen in Ansam only)"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    professionals = forms.MultipleChoiceField(
        label=_("Professionals invited"), required=False, widget=forms.CheckboxSelectMultiple
    )
    invite_person = forms.BooleanField(label=_("The person takes part"), required=False)
    person_email = forms.EmailField(
        label=_("The person's email (optional, for the invitation)"), required=False
    )
    companion = forms.CharField(
        label=_("Someone the person brings (name, optional)"), max_length=200, required=False
    )
    companion_email = forms.EmailField(label=_("Their email (optional)"), required=False)
    externals = forms.CharField(
        label=_("Invitees outside Ansam"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: name, email."),
    )

    def __init__(self, *args, members=(), organisations=(), about_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professionals"].choices = [
            (str(m.public_id), f"{m.user.full_name} ({m.organisation.name})") for m in members
        ]
        self.fields["organisation"].choices = [(str(o.public_id), o.name) for o in organisations]
        if about_person:
            self.fields["kind"].choices = [(Meeting.Kind.PERSON, Meeting.Kind.PERSON.label)]
            del self.fields["organisation"]
        else:
            self.fields["kind"].choices = [
                c for c in Meeting.Kind.choices if c[0] != Meeting.Kind.PERSON
            ]
            for name in ("invite_person", "person_email", "companion", "companion_email"):
                del self.fields[name]

    def clean_externals(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["externals"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, email = line.rpartition(",")
            email = email.strip()
            if not name.strip() or "@" not in email:
                raise forms.ValidationError(
                    _("Line %(n)s: write the name, a comma, then the email address."),
                    params={"n": number},
                )
            rows.append((name.strip(), email))
        return rows


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[c for c in Participant.Answer.choices if c[0] != "needs-action"]
    )


class ViewpointForm(forms.Form):
    section = forms.ChoiceField(label=_("Part of the record it concerns"))
    reading = forms.CharField(
        label=_("Reading of the situation, in their own words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )
    proposal = forms.CharField(
        label=_("What they propose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(access)


class MinutesPartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Part"), choices=MinutesPart.Kind.choices)
    section = forms.ChoiceField(label=_("Part of the record it concerns"))
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(access)


class DecisionForm(forms.Form):
    what = forms.CharField(label=_("Decision (what is to be done)"), max_length=300)
    section = forms.ChoiceField(label=_("Part of the record it concerns"))
    goal = forms.ChoiceField(label=_("Goal of the plan it serves"), required=False)
    new_goal = forms.CharField(label=_("…or a new goal"), max_length=300, required=False)
    holder = forms.ChoiceField(
        label=_("Who does it"), choices=Action.Holder.choices, widget=forms.RadioSelect
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    professional = forms.ChoiceField(label=_("Professional"), required=False)
    owner_name = forms.CharField(label=_("Who does it"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    past_confirmed = forms.BooleanField(label=_("I confirm the date in the past"), required=False)

    def __init__(self, *args, access, goals=(), team=(), about_person=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices(access)
        if about_person:
            self.fields["goal"].choices = [("", "—")] + [(str(g.public_id), g.text) for g in goals]
            orgs = {m.organisation.public_id: m.organisation.name for m in team}
            self.fields["organisation"].choices = [("", "—")] + [
                (str(k), v) for k, v in orgs.items()
            ]
            self.fields["professional"].choices = [("", "—")] + [
                (
                    str(m.professional.public_id),
                    f"{m.professional.full_name} ({m.organisation.name})",
                )
                for m in team
            ]
            del self.fields["owner_name"]
        else:
            for name in ("goal", "new_goal", "holder", "organisation", "professional"):
                del self.fields[name]
            self.fields["owner_name"].required = True


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("My private note (only I see it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )
