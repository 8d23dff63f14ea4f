from django import forms
from django.utils.translation import gettext_lazy as _

from ansam.people.models import Person, Relation
from ansam.sharing.models import EmergencyAccess, Entry, SharingBasis
from ansam.sharing.sections import Section
from ansam.web.fields import CommuneField


class PersonForm(forms.Form):
    birth_name = forms.CharField(label=_("Birth name"), max_length=100)
    used_name = forms.CharField(label=_("Used name"), max_length=100, required=False)
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    birth_place = forms.CharField(label=_("Birth place"), max_length=150, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), *Person.Sex.choices], required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    commune_code = CommuneField(required=False)


class PersonCreateForm(PersonForm):
    organisation = forms.ChoiceField(label=_("Coordinated by (your organisation)"))
    basis = forms.ChoiceField(
        label=_("The person was told what is shared, with whom and why"),
        choices=[
            (SharingBasis.Basis.INFORMED, _("Informed, does not object")),
            (SharingBasis.Basis.CONSENT, _("Explicit consent")),
        ],
        widget=forms.RadioSelect,
    )
    how = forms.ChoiceField(label=_("Expressed"), choices=SharingBasis.How.choices[:2])
    duplicates_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.public_id), o.name) for o in organisations]


class EntryForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Entry.Kind.choices[:2])
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label=_("Document (PDF, JPEG, PNG, ODT or DOCX, 10 MB at most)"), required=False
    )
    is_private = forms.BooleanField(label=_("Private note (visible only to you)"), required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s, Section(s).label) for s in sections]


class EntryEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class BasisForm(forms.Form):
    basis = forms.ChoiceField(label=_("What the person says"), choices=SharingBasis.Basis.choices)
    # In their own space: recorded by the person, not by a professional.
    how = forms.ChoiceField(label=_("Expressed"), choices=SharingBasis.How.choices[:2])
    organisation = forms.ChoiceField(label=_("For"), required=False)
    section = forms.ChoiceField(label=_("Section"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, organisations=(), whole_team=True, **kwargs):
        super().__init__(*args, **kwargs)
        whole = [("", _("The whole care team"))] if whole_team else []
        self.fields["organisation"].choices = whole + [
            (str(o.public_id), o.name) for o in organisations
        ]
        self.fields["organisation"].required = not whole_team
        self.fields["section"].choices = [("", _("Every section"))] + list(Section.choices)


class TeamAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the professional"))
    organisation = forms.CharField(label=_("Their organisation (name)"), max_length=150)


class EmergencyForm(forms.Form):
    organisation = forms.ChoiceField(label=_("As a member of"))
    name = forms.CharField(label=_("Birth or used name"), max_length=100)
    given_names = forms.CharField(label=_("Given name"), max_length=150)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Why this emergency access is needed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The person's coordinator and your managers are alerted; the access is "
            "reviewed afterwards and the person will be informed."
        ),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.public_id), o.name) for o in organisations]


class EmergencyReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Was this emergency access justified?"),
        choices=EmergencyAccess.Verdict.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Your assessment, in your words"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RelativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    is_legal_representative = forms.BooleanField(label=_("Legal representative"), required=False)
    birth_name = forms.CharField(label=_("Birth name"), max_length=100)
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
