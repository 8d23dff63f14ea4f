"""The personalised plan: the person's words kept, actions held by the care team only,
versions, signatures carried over only for unchanged commitments, refusals recorded,
need-to-know inside the plan, and the printout."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ansam.core.errors import AnsamError, Conflict, Forbidden
from ansam.plans import content, printout, selectors
from ansam.plans import services as plans
from ansam.plans.models import Signature
from tests.factories import OrganisationFactory
from tests.plans.world import answer, build_plan_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_plan_world()


def org_party(org):
    return content.org_party(str(org.public_id))


def test_the_persons_words_are_never_overwritten(world):
    coordinator = world.base.users["coordinator"]
    need = plans.need_assess(
        actor=coordinator,
        need=world.need,
        expected_version=1,
        assessment="Refus des structures collectives.",
    )
    assert need.words == "Je veux un logement à moi, pas un foyer."
    assert need.assessment == "Refus des structures collectives."
    with pytest.raises(Conflict):  # the page showed version 1; it is now 2
        plans.need_assess(actor=coordinator, need=world.need, assessment="x", expected_version=1)
    with pytest.raises(AnsamError) as exc:
        plans.need_add(actor=coordinator, person=world.person, section="housing", words="  ")
    assert "words" in exc.value.fields


def test_an_action_is_held_only_by_the_care_team(world):
    coordinator = world.base.users["coordinator"]
    outside = OrganisationFactory(name="Bailleur hors équipe", typology="OIL")
    with pytest.raises(AnsamError) as exc:
        plans.action_add(
            actor=coordinator,
            person=world.person,
            goal=world.goal,
            data={
                "what": "Attribuer un logement",
                "holder": "organisation",
                "organisation": outside,
            },
        )
    assert "organisation" in exc.value.fields
    assert world.goal.actions.count() == 3  # nothing half-written


def test_a_due_date_in_the_past_asks_for_confirmation(world):
    coordinator = world.base.users["coordinator"]
    data = {
        "what": "Appeler la CAF",
        "holder": "person",
        "due_on": timezone.localdate() - timedelta(days=3),
    }
    with pytest.raises(AnsamError) as exc:
        plans.action_add(actor=coordinator, person=world.person, goal=world.goal, data=data)
    assert exc.value.code == "due_in_past"
    action = plans.action_add(
        actor=coordinator,
        person=world.person,
        goal=world.goal,
        data={**data, "past_confirmed": True},
    )
    assert action.due_on < timezone.localdate()


def test_a_version_is_agreed_when_every_party_signed(world):
    base = world.base
    v1 = plans.version_propose(actor=base.users["coordinator"], person=world.person)
    assert content.parties(v1.content) == sorted(
        [content.PERSON, org_party(base.orgs["ccas"]), org_party(base.orgs["chrs"])],
        key=lambda p: (p != content.PERSON, p),
    )
    with pytest.raises(AnsamError) as exc:  # the person's answer comes with the signed paper
        plans.answer_record(
            actor=base.users["coordinator"],
            person=world.person,
            party=content.PERSON,
            number=1,
            shown_hash=v1.content_hash,
            decision="signed",
        )
    assert "file" in exc.value.fields
    answer(world, base.users["coordinator"], content.PERSON, v1)
    answer(world, base.users["coordinator"], org_party(base.orgs["ccas"]), v1)
    with pytest.raises(Forbidden):  # the CCAS may not sign for the CHRS
        answer(world, base.users["coordinator"], org_party(base.orgs["chrs"]), v1)
    page = selectors.plan_page(base.users["coordinator"], world.person.public_id)
    assert not page.latest.agreed
    answer(world, base.users["team_other_org"], org_party(base.orgs["chrs"]), v1)
    page = selectors.plan_page(base.users["coordinator"], world.person.public_id)
    assert page.latest.agreed and not page.unproposed
    with pytest.raises(Conflict):
        answer(world, base.users["team_other_org"], org_party(base.orgs["chrs"]), v1)


def test_only_changed_commitments_need_new_signatures(world):
    base = world.base
    coordinator, chrs_worker = base.users["coordinator"], base.users["team_other_org"]
    v1 = plans.version_propose(actor=coordinator, person=world.person)
    for actor, party in [
        (coordinator, content.PERSON),
        (coordinator, org_party(base.orgs["ccas"])),
        (chrs_worker, org_party(base.orgs["chrs"])),
    ]:
        answer(world, actor, party, v1)
    later = timezone.localdate() + timedelta(days=45)
    plans.action_reschedule(actor=chrs_worker, action=world.actions["chrs"], due_on=later)
    v2 = plans.version_propose(actor=coordinator, person=world.person, note="Visite décalée")
    signatures = {s.party: s for s in v2.signatures.all()}
    assert set(signatures) == {org_party(base.orgs["ccas"])}  # the CCAS's actions are unchanged
    assert signatures[org_party(base.orgs["ccas"])].carried_from.version == v1
    _p, old, new, diff, _s = selectors.compare(coordinator, world.person.public_id, 1, 2)
    changed = [r for r in diff["actions"] if r["state"] == "changed"]
    assert [(r["new"]["what"], r["fields"]) for r in changed] == [
        ("Accompagner la visite du logement", ["due_on"])
    ]
    assert {r["state"] for r in diff["goals"]} == {"same"}


def test_signing_a_version_that_changed_since_it_was_shown(world):
    coordinator = world.base.users["coordinator"]
    v1 = plans.version_propose(actor=coordinator, person=world.person)
    plans.goal_add(
        actor=coordinator, person=world.person, text="Ouvrir ses droits", section="rights"
    )
    plans.version_propose(actor=coordinator, person=world.person)
    with pytest.raises(Conflict) as exc:
        answer(world, coordinator, content.PERSON, v1)
    assert exc.value.code == "plan_changed"
    assert Signature.objects.count() == 0
    with pytest.raises(AnsamError) as exc:  # nothing new to propose
        plans.version_propose(actor=coordinator, person=world.person)
    assert exc.value.code == "unchanged"


def test_the_persons_refusal_is_recorded_and_shown(world, settings):
    coordinator = world.base.users["coordinator"]
    v1 = plans.version_propose(actor=coordinator, person=world.person)
    key = str(world.actions["person"].public_id)
    words = "Je n'ai pas de bulletins, je suis payée en chèques emploi."
    answer(world, coordinator, content.PERSON, v1, refusals={key: words})
    page = selectors.plan_page(coordinator, world.person.public_id)
    assert page.latest.refusals == {key: words}
    lines = [t for _s, t in printout.sentences(person=world.person, view=page.latest)]
    assert any("n’est pas d’accord avec cette action" in t and "chèques emploi" in t for t in lines)


def test_need_to_know_inside_the_plan(world):
    """The CHRS does not read health; a health need stays hidden from it, but it always sees
    the actions it holds."""
    base = world.base
    cmp_worker = base.users["health_member"]
    plans.need_add(
        actor=cmp_worker,
        person=world.person,
        section="health",
        words="Je dors mal depuis des mois.",
    )
    chrs_page = selectors.plan_page(base.users["team_other_org"], world.person.public_id)
    assert [n["words"] for n in chrs_page.draft["needs"]] == [world.need.words]
    assert chrs_page.hidden == 1
    cmp_page = selectors.plan_page(cmp_worker, world.person.public_id)
    assert "Je dors mal depuis des mois." in [n["words"] for n in cmp_page.draft["needs"]]
    # The CMP reads no housing: the housing goal is hidden from it, and so are its actions.
    assert cmp_page.draft["goals"] == []


def test_the_printout_is_a_pdf_in_plain_sentences(world):
    coordinator = world.base.users["coordinator"]
    v1 = plans.version_propose(
        actor=coordinator, person=world.person, review_on=timezone.localdate() + timedelta(days=90)
    )
    _person, access, view = selectors.version_page(coordinator, world.person.public_id, 1)
    lines = [t for _s, t in printout.sentences(person=world.person, view=view)]
    assert "« Je veux un logement à moi, pas un foyer. »" in lines
    assert any(
        t.startswith("• Léa s’engage à : Réunir les trois derniers bulletins") for t in lines
    )
    assert any(t.startswith("Nous reverrons ce plan ensemble le") for t in lines)
    pdf = printout.render_pdf(person=world.person, view=view, organisation=access.organisation)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1500
    assert v1.number == 1


def test_an_action_added_is_recorded_as_a_plan_edit(world):
    """The plan's action id goes in the event's detail, not in place of its kind (it did)."""
    from ansam.access.models import AuditEvent

    action = world.actions["ccas"]
    event = AuditEvent.objects.filter(detail__action=str(action.public_id)).get()
    assert event.action == "plan_edit"
