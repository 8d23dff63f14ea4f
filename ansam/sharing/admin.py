from django import forms
from django.contrib import admin

from ansam.sharing.models import NeedToKnowProfile
from ansam.sharing.sections import Section


class NeedToKnowForm(forms.ModelForm):
    sections = forms.MultipleChoiceField(
        choices=Section.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = NeedToKnowProfile
        fields = ["typology", "sections"]


@admin.register(NeedToKnowProfile)
class NeedToKnowProfileAdmin(admin.ModelAdmin):
    """Operators adjust which sections each kind of organisation may need."""

    form = NeedToKnowForm
    list_display = ["typology", "sections"]
