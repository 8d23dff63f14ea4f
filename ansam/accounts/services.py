"""Accounts given to people outside the territory's organisations (a representative in a body,
an institutional partner): found by email or created without a password; a new account gets
the link to choose one."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ansam.accounts.models import User
from ansam.core.email import send_email
from ansam.core.errors import AnsamError


def account_for(*, name: str, email: str, why: str) -> User:
    """`why`: the sentence telling the person what the account is for."""
    first, _sep, last = name.strip().partition(" ")
    if not first or "@" not in email:
        raise AnsamError(
            _("Some fields are not valid."),
            fields={"email": [_("A name and an email address.")]},
        )
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        user = User.objects.create_user(
            email=email.strip(), password=None, first_name=first, last_name=last
        )
        # Django's password-reset form skips accounts with no usable password: the link is
        # built here with the same token, and opens the same page.
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
        send_email.enqueue(
            subject=_("Your Ansam account"),
            body=_("%(why)s\n\nChoose your password with this link:\n%(link)s\n")
            % {"why": why, "link": link},
            to=[user.email],
        )
    return user
