"""A steering committee: colleges and seats, a session's attendance and quorum, votes with the
dissent in the dissenter's words, follow-up; a representative of the people accompanied votes
and never opens a record."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from ansam.access import partnerships as policy
from ansam.core.errors import AnsamError, Conflict, Forbidden
from ansam.partnerships import governance as gov
from tests.factories import UserFactory
from tests.partnerships.world import build

pytestmark = pytest.mark.django_db


def setup():
    w = build()
    body = gov.body_create(
        actor=w.m_ccas,
        organisation=w.ccas,
        name="Comité de pilotage",
        kind="steering",
        quorum=2,
        rules_text="Un siège, une voix.",
    )
    institutions = gov.college_add(
        actor=w.m_ccas, body=body, name="Institutions", kind="institutions", seats=2
    )
    people = gov.college_add(
        actor=w.m_ccas, body=body, name="Personnes accompagnées", kind="people", seats=1
    )
    w.rep = gov.representative_account(
        actor=w.m_ccas,
        body=body,
        name="Yasmine Haddad",
        email="yasmine@example.org",
    )
    w.seat_ccas = gov.seat_assign(
        actor=w.m_ccas, college=institutions, holder=w.m_ccas, substitute=w.worker_ccas
    )
    w.seat_chrs = gov.seat_assign(actor=w.m_ccas, college=institutions, holder=w.m_chrs)
    w.seat_rep = gov.seat_assign(actor=w.m_ccas, college=people, holder=w.rep)
    w.body = body
    w.session = gov.session_create(
        actor=w.m_ccas,
        body=body,
        data={"title": "Comité de pilotage", "starts_at": timezone.now() - timedelta(hours=1)},
    )
    return w


def test_votes_need_the_quorum_and_keep_each_dissent():
    w = setup()
    motion = gov.motion_add(
        actor=w.m_ccas,
        body=w.body,
        session=w.session,
        kind="opinion",
        text="Ouvrir la commission aux bailleurs sociaux.",
    )
    gov.attendance_record(
        actor=w.m_ccas, body=w.body, session=w.session, seat=w.seat_rep, user=w.rep
    )
    with pytest.raises(AnsamError, match="quorum"):
        gov.vote(actor=w.rep, body=w.body, motion=motion, choice="for")
    gov.attendance_record(
        actor=w.m_ccas, body=w.body, session=w.session, seat=w.seat_ccas, user=w.worker_ccas
    )  # the substitute sits for the CCAS
    gov.vote(
        actor=w.rep,
        body=w.body,
        motion=motion,
        choice="against",
        dissent="Les bailleurs parleront à notre place.",
    )
    gov.vote(actor=w.worker_ccas, body=w.body, motion=motion, choice="for")
    assert gov.tally(motion) == {"for": 1, "against": 1, "abstain": 0}
    assert motion.votes.get(voter=w.rep).dissent == "Les bailleurs parleront à notre place."
    with pytest.raises(Forbidden):  # the holder did not sit: their substitute voted
        gov.vote(actor=w.m_ccas, body=w.body, motion=motion, choice="for")
    with pytest.raises(Conflict):
        gov.vote(actor=w.worker_ccas, body=w.body, motion=motion, choice="against")
    with pytest.raises(Forbidden):  # not a member
        gov.vote(actor=w.outsider, body=w.body, motion=motion, choice="for")
    gov.follow_up(
        actor=w.m_ccas,
        body=w.body,
        motion=motion,
        text="Les bailleurs invités comme observateurs.",
        by="CCAS",
        on=None,
    )
    motion.refresh_from_db()
    assert motion.follow_up_by == "CCAS"


def test_a_seat_beyond_the_colleges_seats_is_refused():
    w = setup()
    people = w.seat_rep.college
    with pytest.raises(AnsamError, match="1"):
        gov.seat_assign(actor=w.m_ccas, college=people, holder=UserFactory())
    with pytest.raises(Forbidden):
        gov.college_add(actor=w.m_chrs, body=w.body, name="X", kind="others", seats=1)


def test_only_the_holder_or_substitute_sits():
    w = setup()
    with pytest.raises(AnsamError):
        gov.attendance_record(
            actor=w.m_ccas, body=w.body, session=w.session, seat=w.seat_chrs, user=w.m_ml
        )


def test_a_representative_gets_a_link_that_opens_the_password_page(client, mailoutbox):
    """Django's reset form sends nothing to an account with no usable password: the account's
    own email carries the link, and the link works."""
    setup()
    (mail,) = [m for m in mailoutbox if "yasmine@example.org" in m.to]
    link = next(word for word in mail.body.split() if "/password-reset/" in word)
    page = client.get(urlsplit(link).path, follow=True)
    assert page.status_code == 200
    assert "new_password1" in page.content.decode()


def test_a_representative_sees_the_body_and_nothing_else():
    w = setup()
    assert policy.is_representative_only(w.rep)
    assert policy.bodies_visible_to(w.rep).filter(pk=w.body.pk).exists()
    assert not policy.is_representative_only(w.m_chrs)
    from ansam.access import records

    assert not records.persons_visible_to(w.rep).exists()


def test_body_pages_by_role(client):
    from django.urls import reverse

    from tests.conftest import page_shape, verified_login

    w = setup()
    body_url = reverse("web:body", args=[w.body.public_id])
    session_url = reverse("web:body_session", args=[w.body.public_id, w.session.public_id])
    unknown = reverse("web:body", args=["00000000-0000-0000-0000-000000000000"])
    for user, sees in ((w.m_ccas, True), (w.m_chrs, True), (w.rep, True), (w.outsider, False)):
        verified_login(client, user)
        for url in (body_url, session_url):
            response = client.get(url)
            if sees:
                assert response.status_code == 200, (user, url)
            else:
                assert response.status_code == 404
                assert page_shape(response) == page_shape(client.get(unknown))
        assert client.get(reverse("web:bodies")).status_code == 200
        # Only the secretariat changes the body.
        response = client.post(
            body_url, {"act": "college", "name": "X", "kind": "others", "seats": 1}
        )
        assert response.status_code == (302 if user == w.m_ccas else 404), user
    client.logout()
    assert client.get(body_url).status_code == 302


def test_a_representative_opens_the_body_pages_only(client):
    from django.urls import reverse

    from tests.conftest import verified_login

    w = setup()
    verified_login(client, w.rep)
    assert client.get(reverse("web:body", args=[w.body.public_id])).status_code == 200
    assert client.get("/").status_code == 302
    for name in ("web:directory", "web:caseload", "web:day", "web:meetings", "web:agreements"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.get(reverse("accounts:security")).status_code == 200


def test_a_representative_votes_through_the_page(client):
    from django.urls import reverse

    w = setup()
    motion = gov.motion_add(
        actor=w.m_ccas,
        body=w.body,
        session=w.session,
        kind="decision",
        text="Tenir une séance par trimestre.",
    )
    for seat, user in ((w.seat_rep, w.rep), (w.seat_chrs, w.m_chrs)):
        gov.attendance_record(actor=w.m_ccas, body=w.body, session=w.session, seat=seat, user=user)
    from tests.conftest import verified_login

    verified_login(client, w.rep)
    url = reverse("web:body_session", args=[w.body.public_id, w.session.public_id])
    page = client.get(url).content.decode()
    assert "Tenir une séance par trimestre." in page
    client.post(
        url,
        {
            "act": "vote",
            "motion": motion.public_id,
            "choice": "abstain",
            "dissent": "Une séance par mois, plutôt.",
        },
    )
    assert gov.tally(motion)["abstain"] == 1
    assert "Une séance par mois, plutôt." in client.get(url).content.decode()


def test_a_malformed_id_in_a_form_is_absent_not_an_error(client):
    from django.urls import reverse

    from tests.conftest import verified_login

    w = setup()
    verified_login(client, w.m_ccas)
    url = reverse("web:body_session", args=[w.body.public_id, w.session.public_id])
    response = client.post(url, {"act": "attend", "seat": "not-a-uuid"})
    assert response.status_code == 404
    assert client.get(reverse("web:body_session", args=[w.body.public_id, "x"])).status_code == 404
