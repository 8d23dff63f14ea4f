from ninja import NinjaAPI
from ninja.security import django_auth

from ansam.api import directory, errors, observatory, people, plans, referrals

api = NinjaAPI(
    title="Ansam API",
    version="1",
    description=(
        "Partnership in social work: directory, records, referrals, plans, warnings, the "
        "needs observatory and the network diagnostic."
    ),
    auth=django_auth,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", directory.router)
api.add_router("", people.router)
api.add_router("", referrals.router)
api.add_router("", plans.router)
api.add_router("", observatory.router)
