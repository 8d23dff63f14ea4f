"""Checks made when the application server starts, so that a production mistake stops the
start with what to do instead of answering 500 on every page."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def check_static_files() -> None:
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return  # development: served from the apps' folders
    manifest = settings.STATIC_ROOT / staticfiles_storage.manifest_name
    if not manifest.exists():
        raise ImproperlyConfigured(
            f"The static files were not collected ({manifest} is missing): run "
            "`manage.py collectstatic --noinput`, or start with `make serve` (bin/serve), "
            "which does it."
        )
