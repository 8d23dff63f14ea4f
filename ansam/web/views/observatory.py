"""The needs observatory: suppressed tables and charts, CSV with its data dictionary, the
printable social needs analysis of a commune; the territory's institutional partners."""

import csv

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import observatory as policy
from ansam.accounts.services import account_for
from ansam.core.outcomes import on_form
from ansam.geo.models import Commune
from ansam.observatory import selectors, services
from ansam.web import fragments


def _release(request):
    if not policy.can_view_observatory(request.user):
        raise Http404()
    return selectors.current_release()


def observatory(request):
    release = _release(request)
    context = {"release": release}
    if release is not None:
        # A release does not change once computed: its rendering is kept (web.fragments).
        context["section"] = fragments.kept(
            "observatory",
            [release.pk, release.computed_at],
            lambda: render_to_string("observatory/section.html", _tables(release), request),
        )
    return render(request, "observatory/page.html", context)


def _tables(release) -> dict:
    communes = Commune.objects.filter(
        code__in=release.cells.filter(table="people_by_commune").values("row")
    )
    return {
        "release": release,
        "tables": selectors.tables(release),
        "communes": communes.order_by("name"),
    }


def observatory_export(request, what):
    release = _release(request)
    if release is None or what not in ("cells", "dictionary"):
        raise Http404()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="observatoire_{what}.csv"'
    writer = csv.writer(response)
    if what == "dictionary":
        writer.writerow(["table", _("Title"), _("What it counts")])
        writer.writerows(selectors.dictionary())
        writer.writerow([])
        writer.writerow(
            [
                "value",
                _(
                    "Empty when the cell is secret: fewer than %(n)s people, or it would let a "
                    "secret cell be recomputed from the totals."
                )
                % {"n": release.threshold},
            ]
        )
        return response
    writer.writerow(["table", "row", "column", "value", "suppressed", "period_start", "period_end"])
    for cell in release.cells.order_by("table", "row", "column"):
        writer.writerow(
            [
                cell.table,
                cell.row,
                cell.column,
                "" if cell.value is None else f"{cell.value:g}",
                cell.suppressed,
                release.period_start,
                release.period_end,
            ]
        )
    return response


def observatory_abs(request):
    """The analyse des besoins sociaux of a commune (décret 2016-824), printable."""
    release = _release(request)
    commune = Commune.objects.filter(code=request.GET.get("commune", "")[:5]).first()
    if release is None or commune is None:
        raise Http404()
    tables = selectors.tables(release, selectors.abs_rows(commune))
    return render(
        request,
        "observatory/abs.html",
        {"release": release, "commune": commune, "tables": tables},
    )


class PartnerForm(forms.Form):
    institution = forms.CharField(label=gettext_lazy("Institution"), max_length=200)
    name = forms.CharField(label=gettext_lazy("First and last name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Email address"))


def institutional_partners(request):
    if not policy.can_manage_partners(request.user):
        raise Http404()
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with on_form(form) as done:
            why = _("%(institution)s reads the needs observatory of the territory on Ansam.") % {
                "institution": data["institution"]
            }
            user = account_for(name=data["name"], email=data["email"], why=why)
            services.partner_add(actor=request.user, institution=data["institution"], user=user)
        if done:
            messages.success(request, _("The partner can now sign in and read the observatory."))
            return redirect("web:institutional_partners")
    return render(
        request,
        "observatory/partners.html",
        {"form": form, "partners": selectors.partners()},
    )


@require_POST
def institutional_partner_revoke(request, partner_id):
    if not policy.can_manage_partners(request.user):
        raise Http404()
    partner = selectors.partner(partner_id)
    if partner is None:
        raise Http404()
    services.partner_revoke(actor=request.user, partner=partner)
    messages.success(request, _("Access withdrawn."))
    return redirect("web:institutional_partners")
