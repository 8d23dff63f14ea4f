"""Domain errors are handled once for the pages (core.outcomes, core.middleware)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from ansam.core.errors import AnsamError, Conflict, NotFound
from ansam.core.middleware import DomainErrorMiddleware
from ansam.core.outcomes import as_message, on_form


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def _request(path="/people/x/", referer=None):
    request = RequestFactory().post(path, HTTP_REFERER=referer) if referer else None
    request = request or RequestFactory().post(path)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_on_form_puts_the_message_and_the_fields_on_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    with on_form(form) as done:
        raise AnsamError("Refusé.", fields={"name": ["Trop court."], "other": ["Inconnu."]})
    assert not done
    assert form.errors["name"] == ["Trop court."]
    assert form.non_field_errors() == ["Refusé.", "other: Inconnu."]


def test_on_form_is_true_when_the_service_succeeds():
    form = NameForm({})
    with on_form(form) as done:
        pass
    assert done and done.error is None


def test_not_found_is_never_a_form_error_or_a_message():
    request = _request()
    with pytest.raises(NotFound):
        with as_message(request):
            raise NotFound()
    assert list(get_messages(request)) == []


def test_as_message_is_a_banner_with_the_details():
    request = _request()
    with as_message(request) as done:
        raise Conflict("Déjà modifié.", fields={"version": ["Rechargez la page."]})
    assert not done and done.error.code == "conflict"
    assert [str(m) for m in get_messages(request)] == ["Déjà modifié. Rechargez la page."]


def test_other_exceptions_pass_through():
    with pytest.raises(ZeroDivisionError):
        with as_message(_request()):
            1 / 0  # noqa: B018


@pytest.mark.django_db
def test_an_error_no_view_caught_is_a_page_with_its_status():
    middleware = DomainErrorMiddleware(lambda r: None)
    request = _request(referer="http://testserver/people/abc/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    response = middleware.process_exception(request, Conflict("Déjà modifié."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Déjà modifié." in page and 'href="http://testserver/people/abc/"' in page


@pytest.mark.django_db
def test_the_back_link_never_leaves_the_site():
    middleware = DomainErrorMiddleware(lambda r: None)
    request = _request(referer="https://evil.example/phish")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    response = middleware.process_exception(request, AnsamError("Non."))
    assert response.status_code == 400 and "evil.example" not in response.content.decode()


@pytest.mark.django_db
def test_not_found_is_the_404_page():
    middleware = DomainErrorMiddleware(lambda r: None)
    request = _request()
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert middleware.process_exception(request, NotFound()).status_code == 404
    assert middleware.process_exception(request, ValueError()) is None


def test_views_catch_domain_errors_only_where_they_show_them_differently():
    """Each web view that still catches AnsamError by hand has a reason of its own."""
    import pathlib
    import re

    allowed = {
        # unknown and forbidden both read "no match": the form reveals nothing (NotFound,
        # then AnsamError)
        "web/views/emergency.py": 2,
        # a suspected duplicate shows candidates (then AnsamError); an edit conflict shows both
        # versions (then AnsamError); asking to join answers alike whether the record exists
        "web/views/people.py": 5,
        # an invalid invitation link has its own page
        "accounts/views.py": 1,
        # the person's answer to their plan keeps what they typed beside each goal and action
        # (fields made per item, no form class to carry them)
        "web/views/portal.py": 1,
    }
    root = pathlib.Path(__file__).resolve().parents[2] / "ansam"
    found = {}
    for path in [*root.glob("web/views/*.py"), root / "accounts/views.py"]:
        text = path.read_text()
        count = len(
            re.findall(r"except (AnsamError|NotFound|Conflict|\w+\.DuplicateSuspected)", text)
        )
        if count:
            found[str(path.relative_to(root))] = count
    assert found == allowed
