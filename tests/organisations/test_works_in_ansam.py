"""'Works in Ansam' is no box to tick: it follows the organisation's active members."""

import pytest

from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_works_in_ansam_follows_the_active_members():
    from ansam.organisations.services import membership_end

    org = OrganisationFactory(name="CMP sans membres", uses_ansam=False)
    manager = MembershipFactory(organisation=org, role="manager")
    org.refresh_from_db()
    assert org.uses_ansam
    worker = MembershipFactory(organisation=org)
    membership_end(actor=manager.user, membership=worker)
    org.refresh_from_db()
    assert org.uses_ansam  # the manager is still there
    manager.is_active = False
    manager.save()
    org.refresh_from_db()
    assert not org.uses_ansam
