"""A commune typed as people know it — its name or its postcode, completed from the geography
as they type — and stored as its INSEE code, which no social worker knows by heart."""

import re

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ansam.core.text import words
from ansam.geo.models import Commune

CHOSEN = re.compile(r"\((\w{5})\)\s*$")  # "Nantes (44109)", as the suggestions give it


class CommuneInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options = f"{attrs.get('id', name)}-options"
        attrs.update(
            {
                "list": options,
                "hx-get": reverse("web:commune_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{options}",
                "hx-swap": "innerHTML",
            }
        )
        field = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', field, options)


class CommuneField(forms.CharField):
    widget = CommuneInput
    default_error_messages = {
        "unknown": _("No commune by this name or postcode: check it, or choose in the list."),
        "several": _(
            "Several communes match (%(names)s): choose the right one in the list, with its code."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("help_text", _("Type its name or postcode, then choose it in the list."))
        super().__init__(**kwargs)  # no max_length: the cleaned value is a Commune, not text
        self.widget.attrs.setdefault("maxlength", "120")

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return f"{value.name} ({value.code})"
        if isinstance(value, str) and len(value) == 5:
            commune = Commune.objects.filter(code=value).first()
            if commune is not None:
                return f"{commune.name} ({commune.code})"
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()[:120]
        if not text:
            return None
        if "\x00" in text:  # PostgreSQL refuses it in a query: it is no commune anyway
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        chosen = CHOSEN.search(text)
        code = chosen.group(1) if chosen else text
        found = Commune.objects.filter(code=code.upper()).first()
        if found is not None:
            return found
        if text.isdigit() and len(text) == 5:
            candidates = list(Commune.objects.filter(postal_codes__contains=text)[:6])
        elif text.isdigit():
            candidates = []
        else:
            folded = " ".join(words(text))
            candidates = list(Commune.objects.filter(name_folded=folded)[:6])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        names = ", ".join(f"{c.name} ({c.code})" for c in candidates[:5])
        raise forms.ValidationError(
            self.error_messages["several"], code="several", params={"names": names}
        )
