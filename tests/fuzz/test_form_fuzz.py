"""The same idea for the pages: every form that changes a record, posted with random values in
its own fields (odd text, huge numbers, malformed dates and ids, missing fields), never answers
500. The form's fields are read from the page itself, so a new field is fuzzed by default."""

import os
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import verified_login
from tests.plans.world import build_plan_world

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
ODD = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2026-02-30",
            "31/12/2026",
            "00000000-0000-0000-0000-000000000000",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "\x00",
            "é" * 5000,
            "true",
            "on",
        ]
    ),
)


def _pages(w):
    person = w.person.public_id
    return [
        reverse("web:person_new"),
        reverse("web:person_edit", args=[person]),
        reverse("web:entry_new", args=[person]),
        reverse("web:person_sharing", args=[person]),
        reverse("web:relatives", args=[person]),
        reverse("web:person_team", args=[person]),
        reverse("web:emergency"),
        reverse("web:plan_action_add", args=[person]),
        reverse("web:plan_goal", args=[person, w.goal.public_id]),
        reverse("web:plan_need", args=[person, w.need.public_id]),
        reverse("web:plan_action", args=[person, w.actions["ccas"].public_id]),
        reverse("web:close", args=[person]),
    ]


def _fields(html: str) -> list[str]:
    names = re.findall(r'name="([^"]+)"', html)
    return sorted({n for n in names if n not in ("csrfmiddlewaretoken", "language", "next")})


@pytest.fixture
def w(client):
    w = build_plan_world()
    verified_login(client, w.base.users["coordinator"])
    return w


def _fuzz(client, url, names, failures):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.dictionaries(st.sampled_from(names), ODD, max_size=len(names)))
    def post(data):
        response = client.post(url, data)
        if response.status_code >= 500:
            failures.append((url, data))

    post()


def test_no_form_answers_500(w, client):
    failures = []
    for url in _pages(w):
        page = client.get(url)
        assert page.status_code == 200, url
        names = _fields(page.content.decode())
        assert names, url
        _fuzz(client, url, names, failures)
    assert not failures, failures[:3]
