from django.shortcuts import render

from ansam.access import scopes
from ansam.web.forms import DirectorySearchForm


def home(request):
    memberships = scopes.memberships_of(request.user).order_by("organisation__name")
    return render(
        request,
        "web/home.html",
        {"memberships": memberships, "search_form": DirectorySearchForm()},
    )
