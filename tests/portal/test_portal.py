"""The person's own space: the code a worker gives (expired, wrong birth date, lock, used once),
what the person reads and does (their plan, their choices, their log, their data), and who
reaches which page: the person their own, another person theirs only, a professional none of
the person's pages (and only a care team member the space's page on the record)."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ansam.access.models import AuditEvent
from ansam.people.models import Person
from ansam.plans import content
from ansam.plans import services as plans
from ansam.plans.models import Signature
from ansam.portal import sign_in
from ansam.portal.models import CorrectionRequest, SignInCode
from ansam.sharing import services as record_services
from ansam.sharing.models import SharingBasis
from ansam.sharing.sections import Section
from ansam.sharing.services import visible_access
from tests.conftest import verified_login
from tests.plans.world import build_plan_world

pytestmark = pytest.mark.django_db
BIRTH = date(1990, 4, 12)  # the world's person

# Pages of the person's space: only a person's session opens them (each sees their own).
PERSON_PAGES = {
    "web:me",
    "web:me_plan",
    "web:me_referrals",
    "web:me_team",
    "web:me_choices",
    "web:me_log",
    "web:me_meetings",
    "web:me_referral_letter",
    "web:me_data",
    "web:me_data_export",
}
# Sign-in and sign-out: open to anyone (they reveal nothing).
PORTAL_OPEN = {
    "web:me_sign_in",
    "web:me_sign_out",
    "web:me_franceconnect",
    "web:me_franceconnect_callback",
}
# The professionals' side, on the record: the care team (answering a correction: its coordinator).
PORTAL_TEAM_PAGES = {"web:own_space", "web:own_space_close", "web:correction_answer"}
PORTAL_PAGES = PERSON_PAGES | PORTAL_OPEN | PORTAL_TEAM_PAGES


@pytest.fixture
def world():
    from ansam.referrals.services import referral_send
    from tests.factories import OrganisationFactory, make_service

    w = build_plan_world()
    plans.version_propose(actor=w.base.users["coordinator"], person=w.person)
    paper = OrganisationFactory(name="Atelier sans Ansam", typology="ASSO", uses_ansam=False)
    referral_send(
        actor=w.base.users["coordinator"],
        person=w.person,
        organisation=w.base.orgs["ccas"],
        service=make_service(paper, name="Atelier CV", thematiques=["preparer-sa-candidature"]),
        need_words="Je veux apprendre à faire un CV.",
        sections=["identity"],
        basis="consent",
    )
    return w


def _code(w, person=None, **kwargs):
    return sign_in.code_give(actor=w.base.users["coordinator"], person=person or w.person, **kwargs)


def _sign_in(client, code, birth=BIRTH):
    return client.post(
        "/me/sign-in/", {"code": code, "day": birth.day, "month": birth.month, "year": birth.year}
    )


def _url(name):
    if name == "web:me_referral_letter":  # someone's referral: absent to anyone else
        from ansam.referrals.models import Referral

        return reverse(name, args=[Referral.objects.order_by("pk").first().public_id])
    return reverse(name, kwargs={"fmt": "json"}) if name == "web:me_data_export" else reverse(name)


def test_a_code_opens_the_space_once(world, client):
    code = _code(world)
    assert len(code) == 8 and not SignInCode.objects.filter(digest__icontains=code).exists()
    response = _sign_in(client, sign_in.shown(code).lower())  # as typed: dash, lower case
    assert response.status_code == 302 and response["Location"] == "/me/"
    page = client.get("/me/").content.decode()
    assert "Léa" in page and "Mon plan" in page
    client.post("/me/sign-out/")
    again = _sign_in(client, code)
    assert again.status_code == 200 and "déjà été utilisé" in again.content.decode()
    event = AuditEvent.objects.filter(action="portal_sign_in").get()
    assert event.role == "person" and event.person_id == world.person.pk


def test_wrong_birth_dates_lock_the_code(world, client):
    code = _code(world)
    for left in (4, 3, 2, 1):
        page = _sign_in(client, code, date(1991, 1, 1)).content.decode()
        assert f"Essais restants : {left}" in page
    page = _sign_in(client, code, date(1991, 1, 1)).content.decode()
    assert "ne fonctionne plus" in page
    assert SignInCode.objects.get().locked_at is not None
    # Even with the right birth date now.
    assert "ne fonctionne plus" in _sign_in(client, code).content.decode()
    assert client.get("/me/").status_code == 302


def test_expired_and_replaced_codes(world, client):
    first = _code(world)
    second = _code(world)  # the first stops working
    assert "ne fonctionne plus" in _sign_in(client, first).content.decode()
    SignInCode.objects.filter(locked_at=None).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert "a expiré" in _sign_in(client, second).content.decode()
    assert "pas connu" in _sign_in(client, "ABCD-EFGH").content.decode()
    empty = client.post("/me/sign-in/", {"code": "", "day": "", "month": "", "year": ""})
    assert "Tapez le code" in empty.content.decode()
    assert "Tapez votre date de naissance" in empty.content.decode()
    nodate = client.post("/me/sign-in/", {"code": "ABCD-EFGH", "day": 31, "month": 2, "year": 1990})
    assert "Cette date n’existe pas" in nodate.content.decode()


def test_closing_the_space_ends_the_session(world, client):
    code = _code(world)
    _sign_in(client, code)
    assert client.get("/me/plan/").status_code == 200
    sign_in.space_close(actor=world.base.users["coordinator"], person=world.person)
    assert client.get("/me/plan/").status_code == 302


def test_the_session_closes_after_fifteen_idle_minutes(world, client):
    import time_machine

    _sign_in(client, _code(world))
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.get("/me/plan/")["Location"] == "/me/sign-in/"


def test_the_code_by_email(world, mailoutbox, django_capture_on_commit_callbacks):
    record_services.person_update(
        actor=world.base.users["coordinator"],
        person=world.person,
        data={"email": "lea@example.org"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        code = _code(world, sent="email")
    assert len(mail.outbox) == 1 and sign_in.shown(code) in mail.outbox[0].body


def test_only_the_care_team_gives_a_code(world):
    from ansam.core.errors import AnsamError

    for role in ("colleague_outside_team", "member_other_org", "territory_coordinator"):
        with pytest.raises(AnsamError):
            sign_in.code_give(actor=world.base.users[role], person=world.person)
    assert sign_in.code_give(actor=world.base.users["team_other_org"], person=world.person)


def test_the_person_refuses_an_action_and_signs_the_rest(world, client):
    _sign_in(client, _code(world))
    page = client.get("/me/plan/").content.decode()
    assert "Je veux un logement à moi" in page and "Je signe le plan" in page
    version = world.person.plan.versions.get()
    action = world.actions["person"]
    key = str(action.public_id)
    # Ticked without saying why: nothing recorded, the page says what is missing.
    missing = client.post(
        "/me/plan/",
        {"number": 1, "hash": version.content_hash, "decision": "signed", f"refuse-{key}": "1"},
    )
    assert "Dites pourquoi" in missing.content.decode() and not Signature.objects.exists()
    client.post(
        "/me/plan/",
        {
            "number": 1,
            "hash": version.content_hash,
            "decision": "signed",
            f"refuse-{key}": "1",
            f"why-{key}": "Je n'ai pas de bulletins, je suis au chômage.",
        },
    )
    signature = Signature.objects.get(party=content.PERSON)
    assert signature.how == Signature.How.OWN_SPACE and signature.decision == "signed"
    assert signature.refusals == {key: "Je n'ai pas de bulletins, je suis au chômage."}
    assert signature.recorded_by is None
    # The plan's page for the care team shows the answer as the person's own.
    verified_login(client, world.base.users["coordinator"])
    team_page = client.get(reverse("web:plan", args=[world.person.public_id])).content.decode()
    assert "Signé" in team_page and "refusé 1 objectif ou action" in team_page


def test_a_stale_version_is_not_signed(world, client):
    _sign_in(client, _code(world))
    version = world.person.plan.versions.get()
    plans.goal_add(
        actor=world.base.users["coordinator"],
        person=world.person,
        text="Trouver un travail",
        section=Section.EMPLOYMENT,
    )
    plans.version_propose(actor=world.base.users["coordinator"], person=world.person)
    page = client.post(
        "/me/plan/", {"number": 1, "hash": version.content_hash, "decision": "signed"}
    ).content.decode()
    assert "version 2" in page and not Signature.objects.exists()


def test_withdrawing_consent_applies_on_the_next_request(world, client):
    chrs_user = world.base.users["team_other_org"]
    before = visible_access(chrs_user, world.person)
    assert before.can_read(Section.HOUSING)
    _sign_in(client, _code(world))
    page = client.get("/me/choices/").content.decode()
    assert "CHRS Le Phare" in page and "Protection de l’enfance" not in page
    client.post(
        "/me/choices/",
        {
            "organisation": str(world.base.orgs["chrs"].public_id),
            "section": Section.HOUSING,
            "basis": SharingBasis.Basis.OBJECTION,
        },
    )
    row = SharingBasis.objects.latest("created_at")
    assert row.how == SharingBasis.How.OWN_SPACE and row.recorded_by is None
    assert not visible_access(chrs_user, world.person).can_read(Section.HOUSING)
    # A section the person may not set here, or an organisation outside the team: refused.
    client.post(
        "/me/choices/",
        {"organisation": "", "section": Section.CHILD_PROTECTION, "basis": "consent"},
    )
    assert SharingBasis.objects.filter(section=Section.CHILD_PROTECTION).count() == 0
    client.post(
        "/me/choices/",
        {
            "organisation": str(world.base.orgs["other"].public_id),
            "section": "",
            "basis": "consent",
        },
    )
    assert not SharingBasis.objects.filter(organisation=world.base.orgs["other"]).exists()


def test_the_log_and_the_data(world, client):
    verified_login(client, world.base.users["team_other_org"])
    client.get(reverse("web:person", args=[world.person.public_id]))
    client.logout()
    _sign_in(client, _code(world))
    log = client.get("/me/log/").content.decode()
    assert "CHRS Le Phare" in log and "Vous" in log
    referrals = client.get("/me/referrals/").content.decode()
    assert "Atelier sans Ansam" in referrals
    letter = client.get(_url("web:me_referral_letter")).content.decode()
    assert "Je veux apprendre à faire un CV." in letter
    found = json.loads(client.get("/me/data.json").content)
    titles = {e["title"] for e in found["entries"]}
    assert "Demande de logement social" in titles
    assert "Note personnelle" not in titles  # a professional's private working note
    assert found["identity"]["birth_date"] == "1990-04-12"
    assert found["care_team"] and found["access_log"]
    pdf = client.get("/me/data.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/me/data.xml").status_code == 404
    assert AuditEvent.objects.filter(action="portal_export").count() == 2


def test_a_correction_reaches_the_coordinator(world, client):
    _sign_in(client, _code(world))
    client.post("/me/data/", {"text": ""})
    assert not CorrectionRequest.objects.exists()
    client.post("/me/data/", {"text": "Mon adresse a changé : 3 rue des Lilas."})
    request = CorrectionRequest.objects.get()
    assert request.due_on > timezone.localdate() + timedelta(days=27)
    coordinator = world.base.users["coordinator"]
    assert coordinator.notifications.filter(text__contains="rectification").exists()
    verified_login(client, world.base.users["team_other_org"])
    space_page = client.get(reverse("web:own_space", args=[world.person.public_id]))
    assert "3 rue des Lilas" not in space_page.content.decode()  # the coordinator's to read
    assert "1 demande attend une réponse" in space_page.content.decode()
    answer_url = reverse("web:correction_answer", args=[world.person.public_id, request.public_id])
    assert client.post(answer_url, {"answer": "Fait."}).status_code == 404  # not the coordinator
    verified_login(client, coordinator)
    person_page = client.get(reverse("web:person", args=[world.person.public_id])).content.decode()
    assert "demandé une rectification" in person_page
    client.post(answer_url, {"answer": "C'est corrigé, merci."})
    request.refresh_from_db()
    assert request.answered_by == coordinator and request.answer == "C'est corrigé, merci."


def test_each_person_sees_their_own_space_only(world, client):
    """Léa's brother, recorded in her household, has a space of his own: none of hers."""
    from ansam.people.models import Relation

    other = record_services.person_create(
        actor=world.base.users["coordinator"],
        organisation=world.base.orgs["ccas"],
        data={"birth_name": "Martin", "given_names": "Paul", "birth_date": date(1985, 1, 2)},
        basis=SharingBasis.Basis.INFORMED,
        how=SharingBasis.How.ORALLY,
    )
    Relation.objects.create(person=world.person, relative=other, kind="sibling")
    _sign_in(client, _code(world, person=other), date(1985, 1, 2))
    for name in PERSON_PAGES - {"web:me_referral_letter"}:
        page = client.get(_url(name))
        assert page.status_code == 200, name
        text = page.content.decode(errors="replace")
        assert "Je veux un logement" not in text and "Léa" not in text, name
    letter = client.get(_url("web:me_referral_letter"))  # Léa's referral
    assert letter.status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "team_other_org", "member_other_org"])
def test_a_professional_reaches_none_of_the_persons_pages(world, client, role):
    if role != "anonymous":
        verified_login(client, world.base.users[role])
    for name in PERSON_PAGES:
        response = client.get(_url(name))
        assert response.status_code == 302 and response["Location"] == "/me/sign-in/", name
    assert client.get("/me/sign-in/").status_code == 200


@pytest.mark.parametrize(
    "role",
    ["coordinator", "team_other_org", "colleague_outside_team", "member_other_org",
     "organisation_manager", "territory_coordinator", "emergency_actor", "anonymous"],
)  # fmt: skip
def test_the_space_page_on_the_record(world, client, role):
    if role != "anonymous":
        verified_login(client, world.base.users[role])
    request = CorrectionRequest.objects.create(person=world.person, text="x", due_on=BIRTH)
    urls = {
        "web:own_space": ("get", reverse("web:own_space", args=[world.person.public_id])),
        "web:own_space_close": (
            "post",
            reverse("web:own_space_close", args=[world.person.public_id]),
        ),
        "web:correction_answer": (
            "post",
            reverse("web:correction_answer", args=[world.person.public_id, request.public_id]),
        ),
    }
    allowed = {
        "web:own_space": {"coordinator", "team_other_org"},
        "web:own_space_close": {"coordinator", "team_other_org"},
        "web:correction_answer": {"coordinator"},
    }
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url, {"answer": "Réponse."} if method == "post" else {})
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif role in allowed[name]:
            assert response.status_code in (200, 302), (name, role)
        else:
            assert response.status_code == 404, (name, role, response.status_code)


def test_an_archived_record_has_no_space(world, client):
    code = _code(world)
    Person.objects.filter(pk=world.person.pk).update(archived_at=timezone.now())
    assert "fermé" in _sign_in(client, code).content.decode()


def test_the_person_answers_a_meeting_and_writes_their_viewpoint(world, client):
    from tests.meetings.world import synthesis

    meeting = synthesis(world.base).meeting
    _sign_in(client, _code(world))
    page = client.get("/me/meetings/").content.decode()
    assert "Synthèse — logement de Mme Martin" in page and "Venez-vous" in page
    client.post("/me/meetings/", {"meeting": str(meeting.public_id), "answer": "accepted"})
    me = meeting.participants.get(kind="person")
    assert me.answer == "accepted"
    client.post("/me/meetings/", {"meeting": str(meeting.public_id), "reading": ""})
    assert not hasattr(me, "viewpoint") or me.viewpoint is None
    client.post(
        "/me/meetings/",
        {"meeting": str(meeting.public_id), "reading": "Je veux rester à Nantes.", "proposal": ""},
    )
    me.refresh_from_db()
    assert me.viewpoint.reading == "Je veux rester à Nantes." and me.viewpoint.written_by is None
    client.post(
        "/me/meetings/",
        {"meeting": str(meeting.public_id), "reading": "Près de l’école.", "version": 1},
    )
    me.viewpoint.refresh_from_db()
    assert me.viewpoint.version == 2 and me.viewpoint.versions.get().reading.startswith("Je veux")
    # The professionals read it as hers, on the meeting's page.
    verified_login(client, world.base.users["coordinator"])
    detail = client.get(reverse("web:meeting", args=[meeting.public_id])).content.decode()
    assert "Près de l’école." in detail and "noté par" not in detail
    # A professional signing in on the device closed her space there.
    assert client.get("/me/meetings/").status_code == 302


def test_another_meeting_is_absent(world, client):
    _sign_in(client, _code(world))
    other = client.post(
        "/me/meetings/", {"meeting": "00000000-0000-0000-0000-000000000000", "answer": "accepted"}
    )
    assert other.status_code == 404
