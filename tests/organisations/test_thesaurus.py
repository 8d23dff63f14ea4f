"""The field's thesaurus (organisations/data/thesaurus.tsv) and how a request is read."""

import pytest

from ansam.core.text import stems
from ansam.organisations import taxonomies
from ansam.organisations.search_query import analyse, infer_thematiques
from ansam.organisations.thesaurus import ThesaurusError, parse, thesaurus


def test_every_entry_names_known_thematiques():
    the = thesaurus()  # parse() raises on an unknown code or a malformed line
    known = dict(taxonomies.THEMATIQUES)
    assert len(the.entries) > 50
    assert all(code in known for entry in the.entries for code in entry.thematiques)


def test_every_thematique_has_words_people_use():
    """Each of the 69 thematiques can be reached from at least one expression."""
    the = thesaurus()
    reached = {code for entry in the.entries for code in entry.thematiques}
    assert reached == set(dict(taxonomies.THEMATIQUES))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sdf\tlogement-hebergement--nulle-part", "unknown thematique"),
        ("sdf\tvoyages--*", "unknown category"),
        ("sdf", "2 or 3 tab-separated columns"),
        ("de la\tlogement-hebergement--louer-un-logement", "no expression"),
        ("sdf\t\t", "neither thematiques nor words"),
    ],
)
def test_a_bad_line_is_refused_with_its_number(line, message):
    with pytest.raises(ThesaurusError, match=f"line 2: {message}"):
        parse(f"# comment\n{line}\n")


@pytest.mark.parametrize(
    ("request_text", "category"),
    [
        ("RQTH", "sante--constituer-un-dossier-mdph-invalidite"),
        ("SDF", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"),
        ("VIF", "famille--surmonter-conflits-separation-violence"),
        ("FLE", "lecture-ecriture-calcul--maitriser-le-francais"),
        ("ASE", "famille--soutien-a-la-parentalite-et-a-leducation"),
        ("CMP", "sante--sante-mentale"),
        (
            "je dors dehors depuis une semaine",
            "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        ),
        ("réviser le code de la route", "mobilite--preparer-un-permis"),
        ("pas de voiture pour aller travailler", "mobilite--acceder-a-un-vehicule"),
        ("femme battue par son mari", "famille--surmonter-conflits-separation-violence"),
    ],
)
def test_acronyms_and_situations_point_to_their_thematique(request_text, category):
    assert analyse(request_text).thematiques.get(category) == 1.0


def test_expressions_match_as_a_run_of_words_only():
    the = thesaurus()
    assert the.match(stems("code de la route"))
    # "code" and "route" apart are not the expression
    assert not [e for e, expr in the.match(stems("la route du code")) if expr == ("cod", "rout")]


def test_how_a_request_is_phrased_is_not_searched():
    analysis = analyse("je cherche une aide pour trouver un logement")
    assert "logement" in analysis.words and "cherche" not in analysis.words
    assert set(analysis.terms) >= {"aid", *stems("logement")}
    assert not {"cherch", "je", "trouv"} & set(analysis.terms)


def test_only_phrasing_is_an_empty_request():
    assert analyse("je cherche").is_empty
    assert analyse("de la").is_empty


def test_thematiques_are_inferred_from_their_own_words():
    # No thesaurus entry says "alphabetisation" is about calculation; the labels do the rest.
    found = infer_thematiques({s: 1.0 for s in stems("maîtriser le calcul")})
    assert max(found, key=found.get) == "lecture-ecriture-calcul--maitriser-le-calcul"


def test_a_typo_is_corrected_against_the_directory_words():
    vocabulary = {"format", "entretien", "embauch", "permis", "conduir"}
    analysis = analyse(
        "formaton entretient",
        known=vocabulary.__contains__,
        candidates=lambda initial: tuple(w for w in vocabulary if w[0] == initial),
    )
    assert analysis.corrected == {"formaton": "format", "entretient": "entretien"}
    assert {"format", "entretien"} <= set(analysis.terms)


def test_a_known_or_short_word_is_never_corrected():
    vocabulary = {"rsa", "caf", "permis"}
    analysis = analyse(
        "rsa caf permis",
        known=vocabulary.__contains__,
        candidates=lambda initial: tuple(vocabulary),
    )
    assert analysis.corrected == {}
