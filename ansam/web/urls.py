from django.urls import path

from ansam.web.views import directory, home, manage

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("directory/", directory.directory, name="directory"),
    path("directory/communes/", directory.commune_options, name="commune_options"),
    path("services/<str:service_id>/", directory.service_detail, name="service"),
    path("services/<str:service_id>/delete/", manage.service_delete, name="service_delete"),
    path(
        "organisations/<str:organisation_id>/",
        directory.organisation_detail,
        name="organisation",
    ),
    path("organisations/<str:organisation_id>/manage/", manage.manage, name="manage"),
    path(
        "organisations/<str:organisation_id>/edit/",
        manage.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<str:organisation_id>/services/new/",
        manage.service_edit,
        name="service_new",
    ),
    path(
        "organisations/<str:organisation_id>/services/<str:service_id>/edit/",
        manage.service_edit,
        name="service_edit",
    ),
    path("organisations/<str:organisation_id>/invite/", manage.invite, name="invite"),
    path("memberships/<str:membership_id>/end/", manage.membership_end, name="membership_end"),
]
