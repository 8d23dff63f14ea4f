"""The ProConnect sign-in pages: to the provider, back from it, and signing out there too."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ansam.accounts import proconnect, two_factor
from ansam.accounts.middleware import LOGIN_AT, SECOND_FACTOR_BY_PROVIDER
from ansam.accounts.views import PENDING_AT, PENDING_NEXT, PENDING_USER
from ansam.core import oidc
from ansam.core.errors import AnsamError

logger = logging.getLogger(__name__)
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _callback(request) -> str:
    return request.build_absolute_uri(reverse("accounts:proconnect_callback"))


@login_not_required
def start(request):
    if not proconnect.client().enabled:
        raise Http404()
    try:
        there = oidc.authorize_url(
            proconnect.client(), request.session, purpose="sign_in", redirect_uri=_callback(request)
        )
    except oidc.OidcError as error:
        messages.error(request, str(error))
        return redirect("accounts:login")
    return redirect(there)


@login_not_required
def callback(request):
    if not proconnect.client().enabled:
        raise Http404()
    try:
        identity = proconnect.finish(request.session, request.GET, redirect_uri=_callback(request))
        user = proconnect.account_for(identity)
    except oidc.OidcError as error:
        logger.warning("ProConnect refused: %s", error.reason)
        messages.error(request, str(error))
        return redirect("accounts:login")
    except proconnect.JoinRequested as asked:
        messages.info(
            request,
            _("Your request to join %(org)s is sent to its managers. You will be able to sign in "
              "once one of them accepts it.") % {"org": asked.organisation.name},
        )  # fmt: skip
        return redirect("accounts:login")
    except AnsamError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:login")
    proconnect.signed_in(user, identity)
    if not identity.second_factor and two_factor.has_second_factor(user):
        # As after a password: Ansam's second factor before the session opens.
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_AT] = time.time()
        request.session[PENDING_NEXT] = "web:home"
        request.session[proconnect.SESSION_ID_TOKEN] = identity.id_token
        return redirect("accounts:login_verify")
    auth_login(request, user, backend=BACKEND)
    request.session[LOGIN_AT] = time.time()
    request.session[proconnect.SESSION_ID_TOKEN] = identity.id_token
    if identity.second_factor:
        request.session[SECOND_FACTOR_BY_PROVIDER] = True
    elif settings.ANSAM_REQUIRE_2FA:
        return redirect("accounts:two_factor_setup")
    return redirect("web:home")
