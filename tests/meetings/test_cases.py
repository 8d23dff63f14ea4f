"""Peer groups and pseudonymised case presentations: review before sharing, members see only
the pseudonymised text, only the author can trace it to the person."""

import pytest
from django.urls import reverse

from ansam.core.errors import AnsamError, Forbidden, NotFound
from ansam.meetings import cases
from ansam.meetings.models import CasePresentation
from tests.conftest import page_shape, verified_login
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_world():
    world = build_world()
    group = cases.group_create(
        actor=world.users["coordinator"],
        organisation=world.orgs["ccas"],
        name="Analyse des pratiques",
        members=[world.users["member_other_org"]],
    )
    return world, group


def test_a_case_from_the_record_loses_what_the_record_knows(group_world):
    world, group = group_world
    text = (
        "Léa Martin, 36 ans, vit à Nantes. Le CHRS Le Phare la suit depuis le 12/03/2026. "
        "Mme Girard, sa voisine, l'aide. Téléphone : 06 12 34 56 78."
    )
    pres = cases.presentation_create(
        actor=world.users["coordinator"], group=group, text=text, person=world.person
    )
    assert pres.status == "draft" and pres.text == ""
    done = cases.presentation_review(
        actor=world.users["coordinator"],
        presentation=pres,
        decisions={
            i: ("replace", s["replacement"]) for i, s in enumerate(pres.spans) if s["flagged"]
        },
    )
    for secret in ("Léa", "Martin", "Nantes", "Le Phare", "12/03/2026", "Girard", "06 12"):
        assert secret not in done.text, (secret, done.text)
    assert "entre 30 et 39 ans" in done.text and "un CHRS" in done.text


def test_nothing_is_shared_before_review(group_world):
    world, group = group_world
    pres = cases.presentation_create(
        actor=world.users["coordinator"], group=group, text="M. Perrin dort à Nantes."
    )
    with pytest.raises(AnsamError, match="Relisez"):
        cases.presentation_share(actor=world.users["coordinator"], presentation=pres)
    flagged = [i for i, s in enumerate(pres.spans) if s["flagged"]]
    if flagged:
        with pytest.raises(AnsamError):  # a flagged passage left undecided
            cases.presentation_review(
                actor=world.users["coordinator"], presentation=pres, decisions={}
            )
    with pytest.raises(Forbidden):
        cases.presentation_review(
            actor=world.users["member_other_org"], presentation=pres, decisions={}
        )


def test_members_read_the_shared_text_only_and_never_the_person(group_world, client):
    world, group = group_world
    pres = cases.presentation_create(
        actor=world.users["coordinator"],
        group=group,
        text="Léa Martin vit à Nantes.",
        person=world.person,
    )
    cases.presentation_review(
        actor=world.users["coordinator"],
        presentation=pres,
        decisions={i: ("replace", s["replacement"]) for i, s in enumerate(pres.spans)},
    )
    url = reverse("web:presentation", args=[pres.public_id])
    unknown = reverse("web:presentation", args=["00000000-0000-0000-0000-000000000000"])
    verified_login(client, world.users["member_other_org"])
    assert client.get(url).status_code == 404  # reviewed, not yet shared
    cases.presentation_share(actor=world.users["coordinator"], presentation=pres)
    page = client.get(url).content.decode()
    assert "Pseudonymisé" in page and "Martin" not in page and "Nantes" not in page
    assert client.get(reverse("web:presentation_review", args=[pres.public_id])).status_code == 404
    pdf = client.get(reverse("web:presentation_pdf", args=[pres.public_id]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    verified_login(client, world.users["team_other_org"])  # not a member
    response = client.get(url)
    assert response.status_code == 404 and page_shape(response) == page_shape(client.get(unknown))


def test_only_members_of_the_group_present_to_it(group_world):
    world, group = group_world
    with pytest.raises(NotFound):
        cases.presentation_create(actor=world.users["team_other_org"], group=group, text="x")


def test_sharing_a_case_from_a_record_is_in_its_access_log(group_world):
    from ansam.access.models import AuditEvent

    world, group = group_world
    pres = cases.presentation_create(
        actor=world.users["coordinator"], group=group, text="Léa Martin.", person=world.person
    )
    cases.presentation_review(
        actor=world.users["coordinator"],
        presentation=pres,
        decisions={i: ("replace", s["replacement"]) for i, s in enumerate(pres.spans)},
    )
    cases.presentation_share(actor=world.users["coordinator"], presentation=pres)
    assert AuditEvent.objects.filter(action="case_share", person_id=world.person.pk).exists()
    assert CasePresentation.objects.get(pk=pres.pk).status == "shared"
