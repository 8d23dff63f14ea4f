"""The territory coordinator's pages: which organisations are emergency actors."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import fetch, rules
from ansam.organisations import services as org_services
from ansam.organisations.models import Organisation


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
