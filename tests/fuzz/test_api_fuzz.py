"""Schemathesis over the whole OpenAPI schema, signed in as a coordinator whose records, plan and
referrals exist: whatever the generated input, never a 5xx, and every documented answer matches
its schema. Bounded (FUZZ_EXAMPLES per operation, derandomised) to keep the suite fast;
benchmarks/fuzz.py runs the same for longer."""

import os

import pytest
import schemathesis
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from ansam.wsgi import application
from tests.conftest import verified_login
from tests.plans.world import build_plan_world

pytestmark = pytest.mark.django_db(transaction=False)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _schema():
    from ansam.api.urls import api

    raw = api.get_openapi_schema(path_params={})
    return schemathesis.openapi.from_dict(raw)


SCHEMA = _schema()
OPERATIONS = [op.ok() for op in SCHEMA.get_all_operations() if op.ok().method.upper() != "DELETE"]


@pytest.fixture
def _keep_the_test_connection():
    """As Django's test client does: the WSGI calls must not close the test's connection (it
    holds the test's transaction) when a request starts or ends."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(client, _keep_the_test_connection):
    """A session cookie and CSRF token for the WSGI calls, and real ids for path parameters."""
    from ansam.referrals.services import referral_send
    from tests.factories import OrganisationFactory, make_service

    w = build_plan_world()
    coordinator = w.base.users["coordinator"]
    verified_login(client, coordinator)
    service = make_service(OrganisationFactory(), name="Service fuzz")
    referral = referral_send(
        actor=coordinator,
        person=w.person,
        organisation=w.base.orgs["ccas"],
        service=service,
        need_words="Un besoin.",
        basis="informed",
    )
    token = _get_new_csrf_string()
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    ids = {
        "person_id": str(w.person.public_id),
        "entry_id": str(w.base.entries["housing"].public_id),
        "referral_id": str(referral.public_id),
        "service_id": str(service.public_id),
        "organisation_id": str(w.base.orgs["ccas"].public_id),
    }
    return cookies, {"X-CSRFToken": token}, ids


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_input_breaks_the_api(signed_in, operation):
    cookies, headers, ids = signed_in
    known = {k: v for k, v in ids.items() if k in {p.name for p in operation.path_parameters}}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        # Half the cases on real objects (the paths that do work), half on generated ids.
        use_known = data.draw(st.booleans())
        # Valid input and, as often, input that breaks the schema (it must be refused, 4xx).
        mode = data.draw(st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]))
        strategy = operation.as_strategy(mode, path_parameters=known if use_known else None)
        case = data.draw(strategy)
        response = case.call(app=application, headers=headers, cookies=cookies)
        case.validate_response(response, checks=CHECKS)

    run()
