import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ansam.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


def _new_salt() -> str:
    return secrets.token_hex(8)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A professional (or, later, a person accompanied) who signs in with an email address."""

    # Filled once per request by access.rules.roles_in: the actor's roles by organisation.
    _ansam_roles: dict[int, set[str]]

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("operator (admin access)"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("Once a day (digest)")
        NONE = "none", _("Never")

    email_frequency = models.CharField(
        _("email notifications"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.DAILY,
    )
    # The ProConnect identity of the account (its "sub"), kept at the first sign-in by email.
    proconnect_sub = models.CharField(max_length=255, blank=True, db_index=True)
    # Part of the session hash: changing it ends every session of the account at once.
    session_salt = models.CharField(max_length=16, default=_new_salt, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.first_name

    def get_session_auth_hash(self):
        return salted_hmac(
            "ansam.accounts.User.session",
            f"{self.password}:{self.session_salt}",
            algorithm="sha256",
        ).hexdigest()

    def end_all_sessions(self):
        self.session_salt = _new_salt()
        self.save(update_fields=["session_salt"])
