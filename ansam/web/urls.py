from django.urls import path

from ansam.web.views import directory, home, household, manage, people, referrals

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
    path("people/", people.caseload, name="caseload"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<str:person_id>/", people.person_detail, name="person"),
    path("people/<str:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<str:person_id>/entries/new/", people.entry_new, name="entry_new"),
    path("people/<str:person_id>/sharing/", people.sharing, name="person_sharing"),
    path("people/<str:person_id>/team/", people.team, name="person_team"),
    path(
        "people/<str:person_id>/team/<str:member_id>/coordinator/",
        people.team_handover,
        name="team_handover",
    ),
    path(
        "people/<str:person_id>/team/<str:member_id>/remove/",
        people.team_remove,
        name="team_remove",
    ),
    path("people/<str:person_id>/request-join/", people.request_join, name="request_join"),
    path("people/<str:person_id>/emergency/", people.emergency, name="emergency"),
    path("people/<str:person_id>/log/", people.access_log, name="access_log"),
    path("people/<str:person_id>/household/", household.relatives, name="relatives"),
    path("people/<str:person_id>/merge/", household.merge, name="merge"),
    path("people/<str:person_id>/notice/", people.notice, name="notice"),
    path("people/<str:person_id>/refer/", referrals.choose_service, name="refer"),
    path(
        "people/<str:person_id>/refer/<str:service_id>/",
        referrals.send,
        name="refer_send",
    ),
    path("referrals/", referrals.queues, name="referrals"),
    path("referrals/<str:referral_id>/", referrals.detail, name="referral"),
    path("referrals/<str:referral_id>/letter/", referrals.letter, name="referral_letter"),
    path("referrals/<str:referral_id>/<str:action>/", referrals.act, name="referral_act"),
    path("notifications/", referrals.notifications, name="notifications"),
    path("entries/<str:entry_id>/edit/", people.entry_edit, name="entry_edit"),
    path("entries/<str:entry_id>/file/", people.entry_file, name="entry_file"),
    path(
        "emergencies/<str:emergency_id>/informed/",
        people.emergency_informed,
        name="emergency_informed",
    ),
]
