import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansam.settings")
application = get_wsgi_application()

from ansam.core.startup import check_static_files  # noqa: E402  (needs the settings loaded)

# Fail at start, with what to do, rather than answer 500 on every page.
check_static_files()
