"""The site's URLs plus one trivial page: a view that reads one row by primary key, through the
same middleware as every page (sessions, two factors, CSP…). The directory benchmark measures the
directory page against it in the same run, as a ratio that the machine's noise touches less."""

from django.http import HttpResponse
from django.urls import include, path

from ansam.organisations.models import Organisation


def trivial(request, pk):
    name = Organisation.objects.filter(pk=pk).values_list("name", flat=True).first()
    return HttpResponse(f"<!doctype html><title>{name}</title><p>{name}</p>")


urlpatterns = [
    path("__trivial__/<int:pk>/", trivial),
    path("", include("ansam.urls")),
]
