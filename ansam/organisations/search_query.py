"""Understanding a request as a worker types it: the words that carry the need (not "je cherche
une aide pour"), the field's acronyms, synonyms and situations (the thesaurus), the thematiques
the request is about, and the typos corrected against the directory's own words."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from ansam.core.text import STOP_WORDS, fold, stem, words
from ansam.organisations import taxonomies
from ansam.organisations.thesaurus import Thesaurus, thesaurus

MAX_QUERY_WORDS = 16

# How a request is phrased rather than what it asks: removed from the words searched (after
# the thesaurus has read them, since "ne sait pas quoi faire" is itself a situation).
REQUEST_WORDS = frozenset(
    """je j tu il elle on nous vous ils elles moi toi lui eux me te se mon ma mes ton ta tes son
    sa ses notre votre leur leurs cherche cherches cherchons chercher recherche recherchons
    besoin besoins voudrais voudrions veux veut voulons souhaite souhaiterais souhaitons
    aimerais aimerait comment quoi quel quelle quels quelles ou est suis es sommes sont ai as
    avons ont avoir etre ete fait faire trouver quelqu quelqu un qqn svp merci bonjour depuis
    aupres chez tres plus moins beaucoup peu ca cela ceci ici la bas vers pouvoir peux peut
    puis dois doit devoir ni non oui si mais donc car alors aussi encore deja toujours jamais
    rien tout tous toute toutes""".split()
)
REQUEST_STEMS = frozenset(stem(w) for w in REQUEST_WORDS)

# A word added by the thesaurus counts less than a word of the request.
EXPANSION_WEIGHT = 0.4
# A thematique found by its own words (labels, thesaurus expressions) counts less than one the
# thesaurus names for an expression of the request.
INFERRED_WEIGHT = 0.7
TYPO_CUTOFF = 80  # rapidfuzz ratio, 0–100


@dataclass
class Analysis:
    terms: dict[str, float] = field(default_factory=dict)  # stem -> weight
    thematiques: dict[str, float] = field(default_factory=dict)  # code -> weight, 0–1
    corrected: dict[str, str] = field(default_factory=dict)  # a typed word -> the stem used
    words: list[str] = field(default_factory=list)  # the request's meaningful words

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.thematiques


@dataclass
class _ThemeIndex:
    codes: list[str]
    postings: dict[str, list[tuple[int, int]]]  # stem -> [(thematique index, count)]
    lengths: list[int]


@cache
def _theme_index() -> _ThemeIndex:
    """Each thematique as a small document: its label, its category's label, and what the
    thesaurus says people call it."""
    the = thesaurus()
    codes = [code for code, _label in taxonomies.THEMATIQUES]
    postings: dict[str, list[tuple[int, int]]] = {}
    lengths = []
    for i, code in enumerate(codes):
        text = " ".join(
            [
                taxonomies.label("thematique", code),
                taxonomies.label("categorie", taxonomies.categorie_of(code)),
            ]
        )
        stems = [stem(w) for w in words(text) if w not in STOP_WORDS]
        stems += [s for expression in the.expressions_of(code) for s in expression.split()]
        counts: dict[str, int] = {}
        for s in stems:
            counts[s] = counts.get(s, 0) + 1
        for s, n in counts.items():
            postings.setdefault(s, []).append((i, n))
        lengths.append(len(stems))
    return _ThemeIndex(codes, postings, lengths)


def infer_thematiques(terms: dict[str, float]) -> dict[str, float]:
    """The thematiques whose own words the request uses, best 1.0, down to half the best."""
    index = _theme_index()
    n = len(index.codes)
    average = sum(index.lengths) / n
    scores = [0.0] * n
    for s, weight in terms.items():
        found = index.postings.get(s, [])
        if not found:
            continue
        idf = math.log(1 + (n - len(found) + 0.5) / (len(found) + 0.5))
        for i, count in found:
            norm = 1.2 * (0.25 + 0.75 * index.lengths[i] / average)
            scores[i] += weight * idf * count * 2.2 / (count + norm)
    best = max(scores, default=0.0)
    if best <= 0:
        return {}
    return {
        index.codes[i]: round(score / best, 3)
        for i, score in enumerate(scores)
        if score >= best / 2
    }


def _correct(token: str, candidates: Callable[[str], tuple[str, ...]], the: Thesaurus) -> str:
    pool = list(candidates(token[:1])) + [s for s in the.stems if s[:1] == token[:1]]
    best = process.extractOne(token, pool, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
    return best[0] if best else token


def analyse(
    text: str,
    known: Callable[[str], bool] = lambda s: True,
    candidates: Callable[[str], tuple[str, ...]] = lambda initial: (),
) -> Analysis:
    """`known(stem)`: whether the directory has the stem; `candidates(letter)`: its stems that
    begin with that letter, among which a typo is corrected."""
    the = thesaurus()
    analysis = Analysis()
    typed = [w for w in words(text) if w not in STOP_WORDS][:MAX_QUERY_WORDS]
    stems = []
    for word in typed:
        s = stem(word)
        if len(s) >= 4 and not s.isdigit() and not known(s) and s not in the.stems:
            fixed = _correct(s, candidates, the)
            if fixed != s:
                analysis.corrected[word] = fixed
                s = fixed
        stems.append(s)
    analysis.words = [w for w in typed if stem(w) not in REQUEST_STEMS]
    for s in stems:
        if s not in REQUEST_STEMS:
            analysis.terms[s] = 1.0
    for entry, _expression in the.match(stems):
        for code in entry.thematiques:
            analysis.thematiques[code] = 1.0
        for s in entry.words:
            analysis.terms.setdefault(s, EXPANSION_WEIGHT)
    for code, weight in infer_thematiques(analysis.terms).items():
        inferred = round(weight * INFERRED_WEIGHT, 3)
        if inferred > analysis.thematiques.get(code, 0.0):
            analysis.thematiques[code] = inferred
    return analysis


def nearest_thematiques(text: str, limit: int = 3) -> list[str]:
    """When nothing in a request is known: the thematiques whose labels are closest to it as
    written (typos, other word forms), so that the page is never blank."""
    folded = fold(text)
    if not folded.strip():
        return []
    choices = {
        code: fold(f"{label} {taxonomies.label('categorie', taxonomies.categorie_of(code))}")
        for code, label in taxonomies.THEMATIQUES
    }
    found = process.extract(folded, choices, scorer=fuzz.token_set_ratio, limit=limit)
    return [code for _label, score, code in found if score >= 40]
