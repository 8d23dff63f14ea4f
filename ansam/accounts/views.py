import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from ansam.accounts import proconnect, two_factor
from ansam.accounts.forms import (
    AccountCreationForm,
    EmailAuthenticationForm,
    EmailChangeForm,
    NotificationPreferenceForm,
    TokenForm,
)
from ansam.accounts.middleware import LOGIN_AT
from ansam.accounts.models import User
from ansam.accounts.throttle import address_is_spraying
from ansam.core import oidc
from ansam.core.errors import AnsamError
from ansam.core.outcomes import as_message
from ansam.organisations import services as org_services

PENDING_USER = "_ansam_pending_2fa_user"
PENDING_AT = "_ansam_pending_2fa_at"
PENDING_NEXT = "_ansam_pending_next"
PENDING_SECONDS = 300
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request, default="web:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, True):
        return target
    return default


def _complete_login(request, user, device=None):
    auth_login(request, user, backend=BACKEND)
    request.session[LOGIN_AT] = time.time()
    if device is not None:
        otp_login(request, device)


@login_not_required
def login_view(request):
    if request.method == "POST" and address_is_spraying(request):
        return locked_out(request)
    if request.method == "POST":
        form = EmailAuthenticationForm(request, data=request.POST)
        if form.is_valid():
            user = form.get_user()
            target = _safe_next(request)
            if two_factor.has_second_factor(user):
                # The password alone does not open a session: the second factor comes first.
                request.session.cycle_key()
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_AT] = time.time()
                request.session[PENDING_NEXT] = target
                return redirect("accounts:login_verify")
            _complete_login(request, user)
            if settings.ANSAM_REQUIRE_2FA:
                return redirect("accounts:two_factor_setup")
            return redirect(target)
    else:
        form = EmailAuthenticationForm(request)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.GET.get("next", ""),
            "proconnect": proconnect.client().enabled,
        },
    )


@login_not_required
def login_verify(request):
    user_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or time.time() - started > PENDING_SECONDS:
        request.session.pop(PENDING_USER, None)
        messages.error(request, _("Please sign in again."))
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user, form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("This code is not valid. Try the current code."))
        else:
            target = request.session.pop(PENDING_NEXT, "web:home")
            request.session.pop(PENDING_USER, None)
            _complete_login(request, user, device)
            return redirect(target)
    return render(request, "accounts/login_verify.html", {"form": form})


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
def logout_view(request):
    id_token = request.session.get(proconnect.SESSION_ID_TOKEN)
    auth_logout(request)
    messages.info(request, _("You are signed out."))
    client = proconnect.client()
    if id_token and client.enabled:
        back = request.build_absolute_uri(reverse("accounts:login"))
        try:
            there = oidc.logout_url(client, id_token, post_logout_redirect_uri=back)
        except oidc.OidcError:
            there = None
        if there:  # signed out at ProConnect too
            return redirect(there)
    return redirect("accounts:login")


def two_factor_setup(request):
    """Set up (or replace) the authenticator app. Replacing asks for a current code first."""
    user = request.user
    replacing = two_factor.has_second_factor(user)
    if replacing and not user.is_verified():
        return redirect("accounts:login")
    device = two_factor.pending_totp_device(user)
    form = TokenForm(request.POST or None)
    current_form = TokenForm(request.POST or None, prefix="current") if replacing else None
    if request.method == "POST" and form.is_valid():
        if current_form is not None and (
            not current_form.is_valid()
            or two_factor.verify(user, current_form.cleaned_data["token"]) is None
        ):
            if current_form.is_valid():
                current_form.add_error("token", _("This code is not valid."))
        else:
            codes = two_factor.confirm_totp(user, device, form.cleaned_data["token"])
            if codes is None:
                form.add_error("token", _("This code is not valid. Check your phone's clock."))
            else:
                otp_login(request, user.totpdevice_set.get(confirmed=True))
                request.session["_ansam_new_codes"] = codes
                return redirect("accounts:backup_codes")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "current_form": current_form,
            "qr": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_text(device),
            "replacing": replacing,
        },
    )


def backup_codes(request):
    codes = request.session.pop("_ansam_new_codes", None)
    if request.method == "POST":
        form = TokenForm(request.POST)
        if (
            form.is_valid()
            and request.user.is_verified()
            and two_factor.verify(request.user, form.cleaned_data["token"])
        ):
            codes = two_factor.new_backup_codes(request.user)
        else:
            messages.error(request, _("This code is not valid."))
    return render(request, "accounts/backup_codes.html", {"codes": codes, "form": TokenForm()})


def security(request):
    """The account page: email change and second factor, each re-asking the second factor;
    how often notifications are emailed."""
    user = request.user
    if request.method == "POST" and "email_frequency" in request.POST:
        preference = NotificationPreferenceForm(request.POST, instance=user)
        if preference.is_valid():
            preference.save()
            messages.success(request, _("Your notification preference was saved."))
            return redirect("accounts:security")
    form = EmailChangeForm(request.POST if "email" in request.POST else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not user.check_password(data["password"]):
            form.add_error("password", _("Incorrect password."))
        elif two_factor.has_second_factor(user) and not two_factor.verify(user, data["token"]):
            form.add_error("token", _("This code is not valid."))
        elif User.objects.filter(email__iexact=data["email"]).exclude(pk=user.pk).exists():
            form.add_error("email", _("Another account uses this address."))
        else:
            user.email = data["email"].lower()
            user.save(update_fields=["email", "updated_at"])
            messages.success(request, _("Your email address was changed."))
            return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        {
            "form": form,
            "has_second_factor": two_factor.has_second_factor(user),
            "preference_form": NotificationPreferenceForm(instance=user),
        },
    )


@login_not_required
def invitation(request, token):
    try:
        invite = org_services.invitation_by_token(token)
    except AnsamError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"error": exc}, status=exc.status
        )
    user = request.user if request.user.is_authenticated else None
    existing = User.objects.filter(email__iexact=invite.email).first()
    form = None
    if user is not None:
        if request.method == "POST":
            with as_message(request) as done:
                org_services.invitation_accept(token=token, user=user)
            if done:
                messages.success(request, _("You joined %s.") % invite.organisation.name)
                return redirect("web:home")
    elif existing is None:
        form = AccountCreationForm(request.POST or None, email=invite.email)
        if request.method == "POST" and form.is_valid():
            with as_message(request) as done:
                with transaction.atomic():
                    new_user = User.objects.create_user(
                        email=invite.email,
                        password=form.cleaned_data["password1"],
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                    )
                    org_services.invitation_accept(token=token, user=new_user)
            if done:
                _complete_login(request, new_user)
                messages.success(request, _("Welcome to Ansam."))
                if settings.ANSAM_REQUIRE_2FA:
                    return redirect("accounts:two_factor_setup")
                return redirect("web:home")
    return render(
        request,
        "accounts/invitation.html",
        {"invite": invite, "form": form, "existing": existing, "token": token},
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    # Never signs in: the second factor is still asked at the next login.
    post_reset_login = False
