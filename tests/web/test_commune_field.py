"""Every commune field takes what people know — a name, a postcode, or the suggestion "Nantes
(44109)" — and stores the INSEE code; an unknown or ambiguous name says what to do."""

import pytest
from django import forms
from django.urls import reverse

from ansam.geo.models import Commune
from ansam.web.fields import CommuneField
from tests.conftest import verified_login

pytestmark = pytest.mark.django_db


class Form(forms.Form):
    commune_code = CommuneField(required=False)


def clean(text):
    form = Form({"commune_code": text})
    form.is_valid()
    return form.cleaned_data.get("commune_code"), form.errors.get("commune_code", [])


def test_names_postcodes_and_suggestions():
    assert clean("Nantes (44109)")[0].code == "44109"
    assert clean("44109")[0].code == "44109"
    assert clean("nantes")[0].code == "44109"
    assert clean("  Saint-Herblain ")[0].code == "44162"
    assert clean("44800")[0].code == "44162"
    assert clean("") == (None, [])
    assert clean("Nan\x00tes")[1]  # refused before any query (PostgreSQL refuses NUL)


def test_unknown_and_ambiguous():
    assert clean("Atlantide")[1] == [
        "Aucune commune de ce nom ou de ce code postal : vérifiez, ou choisissez dans la liste."
    ]
    several = Commune.objects.filter(name_folded="saint denis").count()
    assert several > 1
    message = clean("Saint-Denis")[1][0]
    assert "Plusieurs communes" in message and ("(93066)" in message or "(974" in message)


def test_the_person_form_takes_a_name(client):
    from tests.sharing.world import build_world

    world = build_world()
    verified_login(client, world.users["coordinator"])
    url = reverse("web:person_edit", args=[world.person.public_id])
    page = client.get(url).content.decode()
    assert 'list="id_commune_code-options"' in page and "<datalist" in page
    data = {
        "birth_name": "Martin", "given_names": "Léa", "birth_date": "1990-04-12",
        "commune_code": "Rezé",
    }  # fmt: skip
    client.post(url, data)
    world.person.refresh_from_db()
    assert world.person.commune_id == "44143"
    assert "Rezé (44143)" in client.get(url).content.decode()
    options = client.get(reverse("web:commune_options"), {"commune_code": "Reze"})
    assert "Rezé (44143)" in options.content.decode()
