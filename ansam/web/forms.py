from functools import lru_cache

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ansam.organisations import taxonomies
from ansam.organisations.models import Membership, Organisation, Service
from ansam.organisations.taxonomies import CapacityStatus
from ansam.web.fields import CommuneField


class QuickSelect(forms.Select):
    """A select rendered in Python: the directory's filters hold ≈ 200 options, and rendering
    each through Django's option template took most of the page's time. Given a `cache_key`
    (the language and what the choices were made from), the rendered options are kept, and a
    page only marks the selected one."""

    _rendered: dict = {}
    cache_key = None

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        key = (self.cache_key, name) if self.cache_key is not None else None
        options = self._rendered.get(key) if key else None
        if options is None:
            options = self._options()
            if key:
                if len(self._rendered) > 64:  # a few lists in a few languages: never grows
                    self._rendered.clear()
                self._rendered[key] = options
        if selected:
            mark = f'<option value="{escape(selected)}">'
            options = options.replace(mark, mark[:-1] + " selected>", 1)
        return mark_safe(format_html("<select{}>", flatatt(attrs)) + options + "</select>")  # noqa: S308 - escaped

    def _options(self) -> str:
        parts = []
        for group, options in self._groups():
            if group is not None:
                parts.append(f'<optgroup label="{escape(group)}">')
            for code, label in options:
                parts.append(f'<option value="{escape(code)}">{escape(label)}</option>')
            if group is not None:
                parts.append("</optgroup>")
        return "".join(parts)

    def _groups(self):
        loose = []
        for code, label in self.choices:
            if isinstance(label, list | tuple):
                if loose:
                    yield None, loose
                    loose = []
                yield code, label
            else:
                loose.append((code, label))
        if loose:
            yield None, loose


def grouped_thematiques(with_categories: bool):
    groups = []
    categories = dict(taxonomies.display_choices(taxonomies.CATEGORIES))
    thematiques = taxonomies.display_choices(taxonomies.THEMATIQUES)
    for cat_code, cat_label in taxonomies.display_choices(taxonomies.CATEGORIES):
        items = [(c, label) for c, label in thematiques if c.startswith(cat_code + "--")]
        if with_categories:
            items = [(cat_code, _("%s (all)") % cat_label), *items]
        groups.append((categories[cat_code], items))
    return groups


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. emergency accommodation")}
        ),
    )
    thematique = forms.ChoiceField(label=_("Thematique"), required=False, widget=QuickSelect)
    public = forms.ChoiceField(label=_("Public"), required=False, widget=QuickSelect)
    commune = forms.CharField(
        label=_("Commune (name or INSEE code)"), required=False, max_length=100
    )
    departement = forms.CharField(label=_("Département"), required=False, max_length=3)
    reception_mode = forms.ChoiceField(label=_("Reception"), required=False, widget=QuickSelect)
    fees = forms.ChoiceField(label=_("Fees"), required=False, widget=QuickSelect)
    capacity = forms.ChoiceField(label=_("Capacity"), required=False, widget=QuickSelect)

    def __init__(self, *args, departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        departements = tuple(departements)
        choices = _search_choices(get_language(), departements)
        for name, field_choices in choices.items():
            field = self.fields[name]
            if name == "departement":
                field.widget = QuickSelect(choices=field_choices)
            else:
                field.choices = field_choices
            field.widget.cache_key = (get_language(), departements if name == "departement" else ())


@lru_cache(maxsize=16)
def _search_choices(language: str, departements: tuple) -> dict[str, list]:
    """The directory filters' choices, built once per language (the labels are translated)."""
    any_ = [("", str(_("Any")))]
    return {
        "thematique": any_ + grouped_thematiques(True),
        "public": any_ + taxonomies.display_choices(taxonomies.PUBLICS),
        "reception_mode": any_ + taxonomies.display_choices(taxonomies.MODES_ACCUEIL),
        "fees": any_ + taxonomies.display_choices(taxonomies.FRAIS),
        "capacity": any_
        + [
            ("available", str(_("Open or waiting list"))),
            *[(c, str(label)) for c, label in CapacityStatus.choices],
        ],
        "departement": any_ + [(code, f"{code} – {name}") for code, name in departements],
    }


class OrganisationForm(forms.ModelForm):
    commune_code = CommuneField(required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "siret",
            "rna",
            "typology",
            "description",
            "address",
            "address_complement",
            "postal_code",
            "phone",
            "email",
            "website",
            "opening_hours",
            "no_contact_days",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typology"].widget = forms.Select(choices=[("", "—"), *taxonomies.typologies()])
        if self.instance and self.instance.commune_id:
            self.fields["commune_code"].initial = self.instance.commune_id
        days = self.fields["no_contact_days"]
        days.required, days.min_value, days.max_value = False, 7, 730
        days.widget.attrs.update({"min": 7, "max": 730})
        days.validators += [MinValueValidator(7), MaxValueValidator(730)]

    def clean_no_contact_days(self):
        # Left empty: the organisation keeps its delay (90 days unless changed).
        return self.cleaned_data.get("no_contact_days") or self.instance.no_contact_days or 90


class ServiceForm(forms.ModelForm):
    commune_code = CommuneField(required=False)
    area_kind = forms.ChoiceField(
        label=_("Area served"), choices=taxonomies.AreaKind.choices, required=False
    )
    area_code = forms.CharField(
        label=_("Area code (INSEE commune, EPCI SIREN, département or région)"),
        required=False,
        max_length=9,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "summary",
            "description",
            "types",
            "thematiques",
            "publics",
            "publics_details",
            "fees",
            "fees_details",
            "reception_modes",
            "referral_modes",
            "referrable_by",
            "referral_details",
            "referral_link",
            "prerequisites",
            "documents",
            "address",
            "postal_code",
            "phone",
            "email",
            "contact_name",
            "opening_hours",
            "capacity_status",
            "last_verified_on",
            "referral_reminder_days",
            "referral_expiry_days",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "last_verified_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    multi = {
        "types": taxonomies.display_choices(taxonomies.TYPES_SERVICE),
        "publics": taxonomies.display_choices(taxonomies.PUBLICS),
        "reception_modes": taxonomies.display_choices(taxonomies.MODES_ACCUEIL),
        "referral_modes": taxonomies.display_choices(taxonomies.MODES_MOBILISATION),
        "referrable_by": taxonomies.display_choices(taxonomies.PERSONNES_MOBILISATRICES),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in self.multi.items():
            self.fields[name] = forms.MultipleChoiceField(
                label=self._meta.model._meta.get_field(name).verbose_name.capitalize(),
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["thematiques"] = forms.MultipleChoiceField(
            label=_("Thematiques"),
            choices=grouped_thematiques(False),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 12}),
        )
        self.fields["fees"] = forms.ChoiceField(
            label=_("Fees"),
            choices=[("", "—"), *taxonomies.display_choices(taxonomies.FRAIS)],
            required=False,
        )
        for name in ("referral_reminder_days", "referral_expiry_days"):
            self.fields[name].required = False  # left empty: the service keeps its delays
        if self.instance and self.instance.pk:
            self.fields["commune_code"].initial = self.instance.commune_id
            area = self.instance.areas.first()
            if area:
                self.fields["area_kind"].initial = area.kind
                self.fields["area_code"].initial = area.code

    def service_data(self) -> dict:
        """The fields for organisations.services.service_save; delays left empty are kept."""
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        for name in ("referral_reminder_days", "referral_expiry_days"):
            if data[name] is None:
                del data[name]
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
