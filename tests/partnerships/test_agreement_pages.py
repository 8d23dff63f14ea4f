"""Every agreement page × role × state: a draft is its parties'; an agreement in force is the
territory's (contributions to its parties and the territory coordinators); only the parties'
managers write, only each party's signatory answers."""

import pytest
from django.urls import reverse

from ansam.partnerships import services
from ansam.partnerships.models import Agreement
from tests.conftest import page_shape, verified_login
from tests.factories import MembershipFactory, OrganisationFactory
from tests.partnerships.world import build

pytestmark = pytest.mark.django_db

SIGNED_IN = {"web:agreements", "web:agreements_export"}
PAGES = {"web:agreement", "web:agreement_pdf", "web:agreement_edit", "web:agreement_document"}
POSTS = {"web:agreement_act"}
PARTY_PAGES = {"web:agreement_party"}
MANAGERS_ANYWHERE = {"web:agreement_new"}
# Governing bodies: tested role by role in test_governance.py (secretariat, seat holders, the
# representative of the people accompanied, an outsider, anonymous).
BODY_PAGES = {"web:bodies", "web:body", "web:body_session"}
AGREEMENT_PAGES = SIGNED_IN | PAGES | POSTS | PARTY_PAGES | MANAGERS_ANYWHERE | BODY_PAGES


def world_in(state):
    w = build()
    cd = OrganisationFactory(name="Département", typology="CD")
    w.territory = MembershipFactory(organisation=cd, role="territory_coordinator").user
    if state in ("proposed", "in_force"):
        services.agreement_propose(actor=w.m_ccas, agreement=w.agreement)
    if state == "in_force":
        version = services.pending(Agreement.objects.get(pk=w.agreement.pk))
        for actor, party in ((w.m_ccas, w.p_ccas), (w.m_chrs, w.p_chrs), (w.sig_ml, w.p_ml)):
            services.agreement_answer(
                actor=actor,
                agreement=w.agreement,
                party=party,
                decision="accepted",
                shown_hash=version.content_hash,
            )
    return w


@pytest.mark.parametrize("state", ["draft", "proposed", "in_force"])
def test_agreement_pages(client, state):
    w = world_in(state)
    roles = {
        "party_manager": w.m_chrs,
        "party_worker": w.worker_ccas,
        "outsider": w.outsider,
        "territory": w.territory,
    }
    unknown = "00000000-0000-0000-0000-000000000000"
    for role, user in roles.items():
        verified_login(client, user)
        party_member = role in ("party_manager", "party_worker")
        visible = party_member or state == "in_force"
        detail = client.get(reverse("web:agreement", args=[w.agreement.public_id]))
        absent = client.get(reverse("web:agreement", args=[unknown]))
        if visible:
            assert detail.status_code == 200, (role, state)
            page = detail.content.decode()
            shows_money = "Financement" in page
            assert shows_money == (party_member or (role == "territory" and state == "in_force")), (
                role,
                state,
            )
        else:
            assert detail.status_code == 404 and page_shape(detail) == page_shape(absent), role
        edit = client.get(reverse("web:agreement_edit", args=[w.agreement.public_id]))
        can_edit = role == "party_manager" and state == "draft"
        assert edit.status_code == (200 if can_edit else 404), (role, state, "edit")
        party = client.get(
            reverse("web:agreement_party", args=[w.agreement.public_id, w.p_ccas.public_id])
        )
        assert party.status_code == (200 if can_edit else 404), (role, state, "party")
        pdf = client.get(reverse("web:agreement_pdf", args=[w.agreement.public_id]))
        pdf_ok = (party_member and state != "draft") or (state == "in_force")
        assert pdf.status_code == (200 if pdf_ok else 404), (role, state, "pdf")
        act = client.post(reverse("web:agreement_act", args=[w.agreement.public_id, "withdraw"]))
        assert act.status_code == (302 if visible else 404), (role, state, "act")
        for name in SIGNED_IN:
            args = ["csv"] if name == "web:agreements_export" else []
            assert client.get(reverse(name, args=args)).status_code == 200
        new = client.get(reverse("web:agreement_new"))
        assert new.status_code == (200 if role in ("party_manager", "outsider") else 404), role
    assert Agreement.objects.get(pk=w.agreement.pk).status == state  # nobody above changed it
    client.logout()
    assert client.get(reverse("web:agreements")).status_code == 302


def test_open_data_holds_no_personal_data(client):
    w = world_in("in_force")
    verified_login(client, w.outsider)
    body = client.get(reverse("web:agreements_export", args=["json"])).content.decode()
    assert "Accès au logement des jeunes" in body
    assert w.m_ccas.last_name not in body and "15000" not in body
