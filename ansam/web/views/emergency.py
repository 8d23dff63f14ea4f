"""Emergency access (break-glass): opening it by the person's exact identity, recording that the
person was informed, and the territory's review of every access."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansam.access import records
from ansam.access.audit import action_label
from ansam.core.errors import AnsamError, NotFound
from ansam.core.outcomes import form_errors_from, on_form
from ansam.sharing import emergency as emergency_services
from ansam.sharing import selectors
from ansam.web.forms_people import EmergencyForm, EmergencyReviewForm
from ansam.web.templatetags.ansam_tags import section_label
from ansam.web.views.people import _my_organisations

NO_MATCH = gettext_lazy(
    "No record matches this identity, or you may not open an emergency access to it. Check "
    "the spelling and the birth date."
)


def emergency(request):
    organisations = _my_organisations(request.user)
    if not organisations:
        raise Http404()
    form = EmergencyForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next(o for o in organisations if str(o.public_id) == data["organisation"])
        try:
            person = selectors.person_for_emergency(
                request.user,
                org,
                name=data["name"],
                given_names=data["given_names"],
                birth_date=data["birth_date"],
            )
            emergency_services.emergency_open(
                actor=request.user, person=person, organisation=org, reason=data["reason"]
            )
        except NotFound:
            # Unknown and forbidden answer alike: the form reveals nothing.
            form.add_error(None, NO_MATCH)
        except AnsamError as exc:
            form_errors_from(exc, form)
        else:
            messages.warning(request, _("Emergency access opened for 4 hours. It is recorded."))
            return redirect("web:person", person_id=person.public_id)
    return render(
        request,
        "people/emergency.html",
        {
            "form": form,
            "actors": records.emergency_organisations(request.user),
        },
    )


@require_POST
def emergency_informed(request, emergency_id):
    emergency = selectors.emergency_for(request.user, emergency_id)
    emergency_services.emergency_mark_informed(actor=request.user, emergency=emergency)
    messages.success(request, _("Recorded: the person was informed."))
    return redirect("web:person", person_id=emergency.person.public_id)


def emergencies(request):
    """The reviewers' queue, and for everyone the accesses they opened with their review."""
    reviewer = records.can_review_emergencies(request.user)
    queue = selectors.emergencies_to_review(request.user)
    page = Paginator(queue, 25).get_page(request.GET.get("page")) if reviewer else None
    mine = list(selectors.emergencies_of(request.user)[:25])
    return render(
        request, "people/emergencies.html", {"reviewer": reviewer, "page": page, "mine": mine}
    )


def emergency_review(request, emergency_id):
    emergency = selectors.emergency_for(request.user, emergency_id)
    if not records.can_review_emergency(request.user, emergency):
        raise Http404()
    form = EmergencyReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with on_form(form) as done:
            emergency_services.emergency_review(
                actor=request.user,
                emergency=emergency,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
        if done:
            messages.success(request, _("The review was recorded."))
            return redirect("web:emergencies")
    reads = selectors.emergency_reads(emergency)
    for event in reads:
        event.action_label = action_label(event.action)
        event.section_label = section_label(event.section) if event.section else ""
    return render(
        request,
        "people/emergency_review.html",
        {"emergency": emergency, "form": form, "reads": reads},
    )
