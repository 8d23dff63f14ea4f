"""The organisation manager's pages: the organisation's page, its services, its members."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansam.access import fetch, scopes
from ansam.core.email import send_email
from ansam.core.outcomes import as_message, on_form
from ansam.organisations import services as org_services
from ansam.organisations.models import Invitation
from ansam.web.forms import InvitationForm, OrganisationForm, ServiceForm


def _commune(form, field="commune_code"):
    return form.cleaned_data.get(field)  # a Commune or None (web.fields.CommuneField)


def manage(request, organisation_id):
    org = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    return render(
        request,
        "web/manage.html",
        {
            "organisation": org,
            "services": org.services.order_by("name"),
            "members": scopes.members_visible_to(request.user, org),
            "invitations": Invitation.objects.filter(
                organisation=org, accepted_at=None, revoked_at=None
            ).order_by("-created_at")[:50],
            "invite_form": InvitationForm(),
            "join_requests": org_services.membership_requests(org),
        },
    )


def organisation_edit(request, organisation_id):
    org = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        commune = _commune(form)
        if not form.errors:
            data = {k: form.cleaned_data[k] for k in OrganisationForm.Meta.fields}
            data["commune"] = commune
            with on_form(form) as done:
                org_services.organisation_update(actor=request.user, organisation=org, data=data)
            if done:
                messages.success(request, _("The organisation's page was saved."))
                return redirect("web:manage", organisation_id=org.public_id)
    return render(request, "web/organisation_edit.html", {"form": form, "organisation": org})


def service_edit(request, organisation_id, service_id=None):
    org = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    service = None
    if service_id is not None:
        service = fetch.access_service_by_id(request.user, service_id, manage=True)
        if service.organisation_id != org.pk:
            raise Http404()
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        commune = _commune(form)
        areas = None
        kind, code = form.cleaned_data.get("area_kind"), form.cleaned_data.get("area_code")
        if kind:
            areas = [(kind, code or "")]
        if not form.errors:
            data = form.service_data()
            data["commune"] = commune
            with on_form(form) as done:
                saved = org_services.service_save(
                    actor=request.user, organisation=org, service=service, data=data, areas=areas
                )
            if done:
                messages.success(request, _("The service was saved."))
                return redirect("web:service", service_id=saved.public_id)
    return render(
        request,
        "web/service_edit.html",
        {"form": form, "organisation": org, "service": service},
    )


@require_POST
def service_delete(request, service_id):
    service = fetch.access_service_by_id(request.user, service_id, manage=True)
    org = service.organisation
    org_services.service_delete(actor=request.user, service=service)
    messages.success(request, _("The service was removed from the directory."))
    return redirect("web:manage", organisation_id=org.public_id)


def send_invitation(request, org, invitation, token) -> None:
    link = settings.SITE_URL + reverse("accounts:invitation", args=[token])
    send_email.enqueue(
        subject=_("Invitation to join %s on Ansam") % org.name,
        body=_(
            "%(who)s invites you to join %(org)s on Ansam, the partnership network.\n\n"
            "Open this link within %(days)s days to accept:\n%(link)s\n"
        )
        % {
            "who": request.user.full_name,
            "org": org.name,
            "days": settings.INVITATION_VALID_DAYS,
            "link": link,
        },
        to=[invitation.email],
    )


@require_POST
def invite(request, organisation_id):
    org = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    form = InvitationForm(request.POST)
    if form.is_valid():
        with as_message(request) as done:
            invitation, token = org_services.invitation_create(
                actor=request.user,
                organisation=org,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        if done:
            send_invitation(request, org, invitation, token)
            messages.success(request, _("An invitation was sent to %s.") % invitation.email)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("web:manage", organisation_id=org.public_id)


@require_POST
def membership_end(request, membership_id):
    membership = fetch.access_membership_by_id(request.user, membership_id)
    org = membership.organisation
    with as_message(request) as done:
        org_services.membership_end(actor=request.user, membership=membership)
    if done:
        messages.success(
            request, _("%s is no longer a member; their sessions were ended.") % membership.user
        )
    return redirect("web:manage", organisation_id=org.public_id)


@require_POST
def membership_request_decide(request, request_id):
    asked = org_services.membership_request_for(request.user, request_id)
    with as_message(request) as done:
        org_services.membership_request_decide(
            actor=request.user, asked=asked, accept=request.POST.get("accept") == "1"
        )
    if done:
        messages.success(request, _("Recorded; %s is told by email.") % asked.user.email)
    return redirect("web:manage", organisation_id=asked.organisation.public_id)
