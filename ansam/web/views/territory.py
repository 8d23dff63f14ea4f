"""The territory coordinator's pages: which organisations are emergency actors; the set-up
space (what the territory lacks, an organisation with its first manager)."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import fetch, rules
from ansam.core.outcomes import on_form
from ansam.organisations import services as org_services
from ansam.organisations import taxonomies
from ansam.organisations.models import Organisation
from ansam.organisations.validators import validate_siret
from ansam.web.fields import CommuneField
from ansam.web.views.manage import send_invitation


def emergency_actors(request):
    if not rules.can_mark_emergency_actors(request.user):
        raise Http404()
    q = request.GET.get("q", "").strip()[:100]
    marked = Organisation.objects.filter(emergency_actor=True).order_by("name")
    found = None
    if q:
        found = Paginator(
            Organisation.objects.filter(name__icontains=q, emergency_actor=False).order_by("name"),
            20,
        ).get_page(request.GET.get("page"))
    return render(request, "web/emergency_actors.html", {"marked": marked, "found": found, "q": q})


@require_POST
def emergency_actor_set(request, organisation_id):
    if not rules.can_mark_emergency_actors(request.user):
        raise Http404()
    organisation = fetch.access_organisation_by_id(request.user, organisation_id)
    value = request.POST.get("value") == "1"
    org_services.organisation_set_emergency_actor(
        actor=request.user, organisation=organisation, value=value
    )
    if value:
        messages.success(request, _("%s is now an emergency actor.") % organisation.name)
    else:
        messages.success(request, _("%s is no longer an emergency actor.") % organisation.name)
    return redirect("web:emergency_actors")


class OrganisationNewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    typology = forms.ChoiceField(
        label=gettext_lazy("Kind of organisation"),
        help_text=gettext_lazy("It decides what its professionals read of a record."),
    )
    siret = forms.CharField(
        label=gettext_lazy("SIRET"), max_length=17, required=False,
        help_text=gettext_lazy("14 digits; checked by its key."),
    )  # fmt: skip
    commune_code = CommuneField(required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    manager_email = forms.EmailField(
        label=gettext_lazy("Email of its first manager"),
        help_text=gettext_lazy("An invitation goes out at once; they name the others."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typology"].choices = [("", "—"), *taxonomies.typologies()]

    def clean_siret(self):
        siret = self.cleaned_data["siret"].replace(" ", "")
        if siret:
            validate_siret(siret)  # 14 digits and its Luhn key
        return siret


def setup(request):
    """The territory's set-up space: what it still lacks, and one organisation by hand."""
    if not rules.can_set_up_territory(request.user):
        raise Http404()
    form = OrganisationNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with on_form(form) as done:
            org, invitation, token = org_services.organisation_create(
                actor=request.user,
                data=data,
                commune=data["commune_code"],
                manager_email=data["manager_email"],
            )
        if done:
            send_invitation(request, org, invitation, token)
            messages.success(
                request,
                _("%(org)s is created; %(email)s is invited to manage it.")
                % {"org": org.name, "email": invitation.email},
            )
            return redirect("web:territory_setup")
    return render(
        request,
        "web/territory_setup.html",
        {"form": form, "checklist": org_services.territory_checklist()},
    )
