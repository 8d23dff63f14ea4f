from django.shortcuts import render

from ansam.access import observatory, rules, scopes
from ansam.web.forms import DirectorySearchForm


def home(request):
    memberships = list(scopes.memberships_of(request.user).order_by("organisation__name"))
    for m in memberships:  # decided by the access policy, not by the template from a role
        m.can_manage = rules.can_manage_organisation(request.user, m.organisation)
    return render(
        request,
        "web/home.html",
        {
            "memberships": memberships,
            "search_form": DirectorySearchForm(),
            "network": observatory.can_view_network(request.user),
            "observatory": observatory.can_view_observatory(request.user),
            "partners": observatory.can_manage_partners(request.user),
            "setup": rules.can_set_up_territory(request.user),
        },
    )
