from django.contrib import admin
from django.urls import include, path

from ansam.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("ansam.accounts.urls")),
    path("", include("ansam.web.urls")),
]
