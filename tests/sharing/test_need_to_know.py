"""Need-to-know inside the care team (issue: the walkthrough across six organisations). One
person accompanied by a CCAS (coordinator), a social landlord and a CMP; referred by the CCAS
to a CIDFF about violence, in the family section, with the person's explicit consent."""

from datetime import date

import pytest
from django.urls import reverse

from ansam.access.models import AuditEvent
from ansam.core.notifications import Notification
from ansam.organisations.models import Membership
from ansam.referrals import services as referral_services
from ansam.sharing import services
from ansam.sharing.models import CareTeamMember, EmergencyAccess, JoinRequest, SharingBasis
from tests.conftest import page_shape, verified_login
from tests.factories import MembershipFactory, OrganisationFactory, make_service

pytestmark = pytest.mark.django_db

WORDS = "J'ai peur de lui, il me suit partout."
SERVICE = "Accueil des femmes victimes de violences"


@pytest.fixture
def w():
    ccas = OrganisationFactory(name="CCAS de Roubaix", typology="CCAS")
    oil = OrganisationFactory(name="Lille Métropole Habitat", typology="OIL")
    cmp = OrganisationFactory(name="CMP Roubaix Nord", typology="CMP")
    cidff = OrganisationFactory(name="CIDFF du Nord", typology="CIDFF")
    club = OrganisationFactory(name="Club de boxe", typology="ASSO")
    siao = OrganisationFactory(name="SIAO 59", typology="SIAO", emergency_actor=True)
    cd = OrganisationFactory(name="Département du Nord", typology="CD")
    users = {
        "coordinator": MembershipFactory(organisation=ccas, role="coordinator").user,
        "landlord": MembershipFactory(organisation=oil).user,
        "nurse": MembershipFactory(organisation=cmp).user,
        "cidff": MembershipFactory(organisation=cidff).user,
        "club": MembershipFactory(organisation=club).user,
        "siao": MembershipFactory(organisation=siao).user,
        "reviewer": MembershipFactory(organisation=cd, role="territory_coordinator").user,
    }
    person = services.person_create(
        actor=users["coordinator"],
        organisation=ccas,
        data={"birth_name": "Dupont", "given_names": "Amina", "birth_date": date(1988, 3, 2)},
        basis="informed",
        how="orally",
    )
    for key, org in (("landlord", oil), ("nurse", cmp)):
        CareTeamMember.objects.create(
            person=person, organisation=org, professional=users[key], joined_how="invited"
        )
    services.basis_record(
        actor=users["nurse"],
        person=person,
        basis="consent",
        how="signed_form",
        organisation=cmp,
        section="health",
    )
    violence = "famille--surmonter-conflits-separation-violence"
    service = make_service(cidff, name=SERVICE, thematiques=[violence])
    referral = referral_services.referral_send(
        actor=users["coordinator"],
        person=person,
        organisation=ccas,
        service=service,
        need_words=WORDS,
        reason="Violences conjugales.",
        sections=["identity", "family"],
        basis="consent",
        how="signed_form",
    )
    orgs = {"ccas": ccas, "oil": oil, "cmp": cmp, "cidff": cidff, "club": club, "siao": siao}
    return type(
        "W",
        (),
        {"users": users, "person": person, "referral": referral, "orgs": orgs, "service": service},
    )


def _get(client, user, url):
    verified_login(client, user)
    return client.get(url)


# 1. A referral's content reaches only who may read its section ------------------------------


def test_the_referral_is_filed_under_its_need_section(w):
    assert w.referral.section == "family"


@pytest.mark.parametrize("who", ["landlord", "nurse"])
def test_team_members_outside_the_section_learn_only_that_a_referral_exists(w, client, who):
    page = _get(client, w.users[who], reverse("web:person", args=[w.person.public_id]))
    text = page.content.decode()
    assert SERVICE not in text and "CIDFF" not in text and "peur" not in text
    assert "non partagée avec vous" in text
    if who == "landlord":  # nor the bases of sections they do not read
        assert "Consentement exprès" not in text
    detail = client.get(reverse("web:referral", args=[w.referral.public_id]))
    unknown = client.get(reverse("web:referral", args=["00000000-0000-0000-0000-000000000000"]))
    assert detail.status_code == unknown.status_code == 404
    assert page_shape(detail) == page_shape(unknown)
    api = client.get(f"/api/v1/referrals/{w.referral.public_id}")
    assert api.status_code == 404 and "peur" not in api.content.decode()


def test_the_coordinator_reads_it_and_the_read_is_audited(w, client):
    page = _get(
        client, w.users["coordinator"], reverse("web:referral", args=[w.referral.public_id])
    )
    assert "peur de lui" in page.content.decode()
    event = AuditEvent.objects.filter(action="view_referral", actor_id=w.users["coordinator"].pk)
    assert event.get().section == "family"
    verified_login(client, w.users["cidff"])
    client.get(f"/api/v1/referrals/{w.referral.public_id}")
    assert AuditEvent.objects.filter(action="view_referral", actor_id=w.users["cidff"].pk).exists()


def _health_referral(w):
    """The CMP nurse refers the person about her health (the coordinator does not read it)."""
    return referral_services.referral_send(
        actor=w.users["nurse"],
        person=w.person,
        organisation=w.orgs["cmp"],
        service=w.service,
        need_words="Suivi psychologique.",
        section="health",
        sections=[],
        basis="consent",
    )


def test_what_the_coordinator_is_told_of_a_referral_follows_its_section(w):
    from ansam.referrals.services import _followers

    nurse_referral = _health_referral(w)
    assert w.users["coordinator"] not in _followers(nurse_referral)
    assert w.users["coordinator"] in _followers(w.referral)


def test_a_signal_about_a_health_referral_stays_with_who_reads_health(w, client):
    from ansam.continuity.models import Signal
    from ansam.continuity.services import signals_compute
    from ansam.referrals.models import Referral

    nurse_referral = _health_referral(w)
    Referral.objects.filter(pk=nurse_referral.pk).update(answer_due_on=date(2020, 1, 1))
    signals_compute(notify_users=False)
    signal = Signal.objects.get(subject=f"referral:{nurse_referral.pk}")
    assert signal.section == "health"
    day = _get(client, w.users["coordinator"], reverse("web:day")).content.decode()
    assert SERVICE not in day
    assert (
        _get(
            client, w.users["coordinator"], reverse("web:signal", args=[signal.public_id])
        ).status_code
        == 404
    )
    day = _get(client, w.users["nurse"], reverse("web:day")).content.decode()
    assert SERVICE in day


# 2. Emergency access: only where it is due ----------------------------------------------------

IDENTITY = {"name": "DUPONT", "given_names": "amina", "birth_date": "1988-03-02"}
REASON = "Appel au 115 cette nuit : la personne est à la rue avec ses enfants."


def _break_glass(client, user, org, **identity):
    verified_login(client, user)
    data = {"organisation": str(org.public_id), "reason": REASON, **(identity or IDENTITY)}
    return client.post(reverse("web:emergency"), data)


def test_a_professional_of_no_emergency_actor_cannot_break_the_glass(w, client):
    forbidden = _break_glass(client, w.users["club"], w.orgs["club"])
    unknown = _break_glass(
        client,
        w.users["club"],
        w.orgs["club"],
        name="Inconnue",
        given_names="Personne",
        birth_date="1970-01-01",
    )
    assert forbidden.status_code == unknown.status_code == 200
    assert "Aucun dossier ne correspond" in forbidden.content.decode()
    assert forbidden.content.decode().count("Aucun dossier") == unknown.content.decode().count(
        "Aucun dossier"
    )
    assert not EmergencyAccess.objects.exists()
    page = client.get(reverse("web:person", args=[w.person.public_id]))
    assert page.status_code == 404
    # The old address by id alone is gone.
    assert client.get(f"/people/{w.person.public_id}/emergency/").status_code == 404


def test_an_emergency_actor_opens_it_and_everyone_concerned_knows(w, client):
    response = _break_glass(client, w.users["siao"], w.orgs["siao"])
    assert response.status_code == 302
    access = EmergencyAccess.objects.get()
    page = client.get(reverse("web:person", args=[w.person.public_id])).content.decode()
    assert "Amina" in page
    assert Notification.objects.filter(user=w.users["coordinator"], urgent=True).exists()
    assert Notification.objects.filter(user=w.users["reviewer"]).exists()
    # The holder never clears their own duty, nor reviews their own access.
    informed = reverse("web:emergency_informed", args=[access.public_id])
    assert client.post(informed).status_code == 404
    review = reverse("web:emergency_review", args=[access.public_id])
    assert client.get(review).status_code == 404
    access.refresh_from_db()
    assert access.person_informed_at is None
    # The coordinator does; the reviewer reviews, in their words.
    verified_login(client, w.users["coordinator"])
    assert client.post(informed).status_code == 302
    verified_login(client, w.users["reviewer"])
    assert "Appel au 115" in client.get(reverse("web:emergencies")).content.decode()
    page = client.get(review)
    assert page.status_code == 200 and "Amina" not in page.content.decode()
    client.post(review, {"verdict": "justified", "note": "Mise à l'abri nécessaire cette nuit."})
    access.refresh_from_db()
    assert access.verdict == "justified" and access.reviewed_by == w.users["reviewer"]
    log = AuditEvent.objects.filter(person_id=w.person.pk).values_list("action", flat=True)
    assert {"emergency_access", "emergency_informed", "emergency_review"} <= set(log)


def test_a_team_member_breaks_the_glass_for_the_sections_outside_its_profile(w, client):
    from ansam.access import records

    assert "family" not in records.record_access(w.users["landlord"], w.person).sections
    assert _break_glass(client, w.users["landlord"], w.orgs["oil"]).status_code == 302
    sections = records.record_access(w.users["landlord"], w.person).sections
    assert "family" in sections and "health" not in sections


# 3. Who records which basis --------------------------------------------------------------------


def test_a_partner_records_a_basis_only_for_its_own_organisation(w, client):
    verified_login(client, w.users["landlord"])
    url = f"/api/v1/people/{w.person.public_id}/sharing"
    other = client.post(
        url,
        {
            "basis": "consent",
            "how": "orally",
            "section": "health",
            "organisation_id": str(w.orgs["cidff"].public_id),
        },
        content_type="application/json",
    )
    whole = client.post(
        url, {"basis": "objection", "how": "orally"}, content_type="application/json"
    )
    assert other.status_code == whole.status_code == 403
    own = client.post(
        url,
        {
            "basis": "consent",
            "how": "orally",
            "section": "housing",
            "organisation_id": str(w.orgs["oil"].public_id),
        },
        content_type="application/json",
    )
    assert own.status_code == 201
    form = client.get(reverse("web:person_sharing", args=[w.person.public_id])).content.decode()
    assert "Lille Métropole Habitat" in form and "toute l&#x27;équipe" not in form.lower()


# 4. A recorded basis takes effect; a choice that would change nothing is not offered ----------


def test_a_consent_given_later_opens_the_section_on_the_next_request(w, client):
    from django.utils import timezone

    from ansam.access import records

    referral_services.referral_accept(
        actor=w.users["cidff"], referral=w.referral, appointment_at=timezone.now()
    )
    assert "justice" not in records.record_access(w.users["cidff"], w.person).sections
    services.basis_record(
        actor=w.users["coordinator"],
        person=w.person,
        basis="consent",
        how="signed_form",
        organisation=w.orgs["cidff"],
        section="justice",
    )
    assert "justice" in records.record_access(w.users["cidff"], w.person).sections


def test_a_basis_for_a_section_outside_the_organisations_field_is_refused(w, client):
    verified_login(client, w.users["coordinator"])
    response = client.post(
        reverse("web:person_sharing", args=[w.person.public_id]),
        {
            "basis": "consent",
            "how": "orally",
            "organisation": str(w.orgs["oil"].public_id),
            "section": "health",
        },
    )
    assert "ne lit pas la rubrique" in response.content.decode()
    assert not SharingBasis.objects.filter(organisation=w.orgs["oil"], section="health").exists()


def test_the_referral_form_says_what_the_sender_may_not_share(w, client):
    verified_login(client, w.users["coordinator"])
    url = reverse("web:refer_send", args=[w.person.public_id, w.service.public_id])
    page = client.get(url).content.decode()
    assert "Vous ne pouvez pas partager ce que vous ne lisez pas vous-même" in page
    assert "Justice" in page and "Santé" in page


# 5. A departed coordinator is no longer shown as coordinating ----------------------------------


def test_a_departed_coordinator_is_not_shown(w, client):
    Membership.objects.filter(user=w.users["coordinator"]).update(is_active=False)
    page = _get(client, w.users["landlord"], reverse("web:person", args=[w.person.public_id]))
    text = page.content.decode()
    # Their full name: another member may share the generated last name (it happened).
    assert w.users["coordinator"].full_name not in text
    assert "Personne ne coordonne" in text


# 6. Relatives are household members, not accompanied people ------------------------------------


def test_relatives_have_no_care_team_nor_warnings_of_their_own(w, client):
    from ansam.continuity.models import Signal
    from ansam.continuity.services import signals_compute
    from ansam.sharing import household

    for given in ("Yanis", "Sofia"):
        household.relation_add(
            actor=w.users["coordinator"],
            person=w.person,
            kind="child",
            is_legal_representative=False,
            data={"birth_name": "Dupont", "given_names": given, "birth_date": date(2015, 5, 1)},
        )
    Membership.objects.filter(user=w.users["coordinator"]).update(is_active=False)
    signals_compute(notify_users=False)
    people = set(Signal.objects.filter(kind="no_coordinator").values_list("person_id", flat=True))
    assert people == {w.person.pk}
    assert CareTeamMember.objects.filter(person__birth_date=date(2015, 5, 1)).count() == 0


def test_a_relatives_own_accompaniment_is_opened_on_purpose(w, client):
    from ansam.sharing import household

    relation = household.relation_add(
        actor=w.users["coordinator"],
        person=w.person,
        kind="partner",
        is_legal_representative=False,
        data={"birth_name": "Dupont", "given_names": "Karim", "birth_date": date(1985, 1, 1)},
    )
    verified_login(client, w.users["coordinator"])
    url = reverse("web:relative_accompany", args=[w.person.public_id, relation.public_id])
    assert client.post(url, {"basis": "informed"}).status_code == 302
    member = CareTeamMember.objects.get(person=relation.relative)
    assert member.role == "coordinator" and member.professional == w.users["coordinator"]
    verified_login(client, w.users["landlord"])  # may not read the family section
    assert client.post(url, {"basis": "informed"}).status_code == 404


# 7. Asking to join is one request per requester and person ---------------------------------------


def test_asking_again_to_join_refreshes_the_request(w, client):
    verified_login(client, w.users["club"])
    url = reverse("web:request_join", args=[w.person.public_id])
    for _ in range(5):
        assert client.post(url).status_code == 302
    assert JoinRequest.objects.filter(person=w.person).count() == 1
    coordinator = w.users["coordinator"]
    assert Notification.objects.filter(user=coordinator, text__contains="rejoindre").count() == 1
