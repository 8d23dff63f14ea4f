"""Accounts given to people outside the territory's organisations (a representative in a body,
an institutional partner): found by email or created without a password; they choose it
through the reset link sent to them."""

from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ansam.accounts.models import User
from ansam.core.errors import AnsamError


def account_for(*, name: str, email: str, request: HttpRequest) -> User:
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
        form = PasswordResetForm({"email": user.email})
        if form.is_valid():
            form.save(request=request, use_https=request.is_secure())
    return user
