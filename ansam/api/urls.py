from ninja import NinjaAPI
from ninja.security import django_auth

from ansam.api import directory, errors, people, referrals

api = NinjaAPI(
    title="Ansam API",
    version="1",
    description="Partnership in social work: directory, and (soon) records and referrals.",
    auth=django_auth,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", directory.router)
api.add_router("", people.router)
api.add_router("", referrals.router)
