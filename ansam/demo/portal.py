"""The demo's person account: a one-time code for a person of the demo coordinator's caseload
whose plan waits for their answer, given as a worker gives it, printed by `make run`."""

from ansam.accounts.models import User
from ansam.people.models import Person
from ansam.plans import content
from ansam.plans.models import PlanVersion
from ansam.portal import sign_in
from ansam.sharing.models import CareTeamMember

COORDINATOR = "coordinatrice@demo.ansam.test"


def demo_code() -> tuple[Person, str] | None:
    coordinator = User.objects.filter(email=COORDINATOR).first()
    if coordinator is None:
        return None
    people = CareTeamMember.objects.filter(
        professional=coordinator, role=CareTeamMember.Role.COORDINATOR, is_active=True
    ).values("person_id")
    waiting = None
    for version in PlanVersion.objects.filter(plan__person_id__in=people).order_by(
        "plan__person__birth_name", "-number"
    ):
        if version.signatures.filter(party=content.PERSON).exists():
            continue
        if version.number == version.plan.versions.order_by("-number").first().number:
            waiting = version.plan.person
            break
    if waiting is None:
        return None
    return waiting, sign_in.code_give(actor=coordinator, person=waiting)
