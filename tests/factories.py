import factory
from factory.django import DjangoModelFactory

from ansam.accounts.models import User
from ansam.organisations.models import Membership, Organisation

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pro{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure {n}")
    typology = "ASSO"
    commune_id = "44109"
    commune_name = "Nantes"
    uses_ansam = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.WORKER


def make_service(organisation, actor=None, **data):
    """A service created through the real service function (tags, area, search index)."""
    from ansam.organisations.services import service_save

    if actor is None:
        actor = MembershipFactory(organisation=organisation, role="manager").user
    defaults = {
        "name": "Service",
        "description": "Un service du territoire.",
        "thematiques": [],
        "publics": ["tous-publics"],
    }
    defaults.update(data)
    areas = defaults.pop("areas", None)
    return service_save(actor=actor, organisation=organisation, data=defaults, areas=areas)
