from ninja import NinjaAPI
from ninja.security import django_auth

from ansam.api import directory, errors, people, plans, referrals

api = NinjaAPI(
    title="Ansam API",
    version="1",
    description="Partnership in social work: directory, records, referrals, plans and warnings.",
    auth=django_auth,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", directory.router)
api.add_router("", people.router)
api.add_router("", referrals.router)
api.add_router("", plans.router)
