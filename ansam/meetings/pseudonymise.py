"""Pseudonymising a case for a peer group: what identifies a person is replaced, consistently
(the same person is "Mme A." everywhere), and what only may identify is flagged for the author's
review. Automatic masking is not anonymisation (the CNIL's word is "pseudonymisation"): nothing
is shared before a human has reviewed every replacement and every flagged span.

Sources, strongest first: what the record knows (the person's and relatives' names, their
commune, the care team's organisations and professionals, the birth date), then French patterns
(social security numbers, phones, emails, addresses, postcodes, file numbers, dates in digits and
in words, ages), then names and places in free text (a title before a name, known first names,
the communes of France after "à", "de"…, any other capitalised word mid-sentence, flagged).
An optional named-entity recogniser (spaCy's fr_core_news_sm, when installed) adds its persons
and places as flagged spans; the rules work alone without it."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from ansam.core.text import fold

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)
_MONTH = "|".join(
    MONTHS + [unicodedata.normalize("NFKD", m).encode("ascii", "ignore").decode() for m in MONTHS]
)
TITLES = r"(?:M\.|Mme|Mlle|Mr|Monsieur|Madame|Mademoiselle|Dr|Docteur|Maître|Me)"
# A capitalised word, hyphenated parts included (Saint-Nazaire, Jean-Pierre).
NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ'’]*)*"
UPPER_NAME = r"[A-ZÀ-Ý]{2,}(?:[ -][A-ZÀ-Ý]{2,})?"
ORG_KINDS = (
    "CCAS CHRS CMP CMPP CAF CPAM MDS MDPH SIAO PMI ASE CSAPA CAARUD ESAT FJT CADA CHU EHPAD SPIP "
    "PJJ UDAF APA MECS ITEP IME SESSAD CIDFF"
).split()
PLACE_PREPOSITIONS = ("à", "a", "de", "d", "en", "sur", "vers", "depuis", "près", "pres")
# Capitalised words that are not names: the start of common phrases, institutions, days.
NOT_NAMES = (
    {
        fold(w)
        for w in (
            "Je Il Elle Ils Elles On Nous Vous Le La Les Un Une Des Son Sa Ses Leur Leurs Ce Cette "
            "Ces Au Aux Du De Depuis Pendant Après Avant Lors Quand Mais Et Ou Donc Car Puis Alors "
            "Enfin Aujourd Hier Demain Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche France "
            "Travail Pôle Emploi RSA AAH APL SDF RQTH Madame Monsieur Mme Mlle M Dr Maître Me Noël "
            "Pâques Internet État Conseil Département Région Préfecture Tribunal Justice Police "
            "Gendarmerie Mission Locale Sécurité Sociale Assurance Maladie Logement Social "
            "Accompagnement Rendez Le Suite Selon Malgré Grâce Chez Avec Sans Pour Par Sur Dans "
            "Entre Contre Vers Comme Lorsqu Lorsque Ensuite Madame Elle Lui Eux Notre Votre Cela"
        ).split()
    }
    | {fold(k) for k in ORG_KINDS}
    | {fold(m) for m in MONTHS}
)


@dataclass
class Span:
    start: int
    end: int
    text: str
    kind: str  # person, place, organisation, professional, date, age, phone, email, nir, ...
    replacement: str
    flagged: bool = False  # only may identify: the author decides

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Known:
    """What the record says identifies: each name (as written) with what replaces it."""

    names: dict[str, str] = field(default_factory=dict)  # "Léa Martin" -> "Mme A."
    places: dict[str, str] = field(default_factory=dict)  # "Nantes" -> "une grande ville"
    organisations: dict[str, str] = field(default_factory=dict)  # "CHRS Le Phare" -> "un CHRS"
    birth_dates: list[date] = field(default_factory=list)


class Aliases:
    """The same original always gets the same alias: "Mme A.", "M. B.", "C."…"""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._by_key: dict[str, str] = {}
        self._letters = iter("ABCDEFGHJKLMNPQRSTUVWXYZ")
        self._taken = set(taken)

    def of(self, name: str, title: str = "") -> str:
        key = fold(name)
        if key not in self._by_key:
            letter = next(self._letters, "Z")
            while any(t.endswith(f"{letter}.") for t in self._taken):
                letter = next(self._letters, "Z")
            self._by_key[key] = f"{letter}."
        alias = self._by_key[key]
        return f"{title} {alias}" if title else alias


@cache
def first_names() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "prenoms.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(fold(w) for line in lines for w in line.split())


def place_label(population: int) -> str:
    if population >= 200_000:
        return "une grande ville"
    if population >= 20_000:
        rounded = f"{round(population, -4):,}".replace(",", " ")
        return f"une ville de {rounded} habitants environ"
    if population >= 2_000:
        return "une petite ville"
    return "un village"


def age_label(age: int) -> str:
    if age < 3:
        return "moins de 3 ans"
    if age < 6:
        return "entre 3 et 5 ans"
    if age < 12:
        return "entre 6 et 11 ans"
    if age < 18:
        return "entre 12 et 17 ans"
    if age < 25:
        return "entre 18 et 24 ans"
    low = age // 10 * 10
    return f"entre {low} et {low + 9} ans"


def relative_date(day: date | None, month: int, year: int, today: date) -> str:
    months = (today.year - year) * 12 + today.month - month
    if months < 0:
        return f"dans {-months} mois" if months > -12 else f"en {MONTHS[month - 1]} {year}"
    if months == 0:
        return "ce mois-ci"
    if months < 12:
        return "il y a un mois" if months == 1 else f"il y a {months} mois"
    return f"en {MONTHS[month - 1]} {year}"


PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (
        "nir",
        re.compile(
            r"\b[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2])[ .]?(?:\d{2}|2A|2B)[ .]?\d{3}[ .]?\d{3}"
            r"(?:[ .]?\d{2})?\b"
        ),
        "[numéro de sécurité sociale]",
    ),
    ("phone", re.compile(r"(?:\+33[ .]?|\b0)[1-9](?:[ .-]?\d{2}){4}\b"), "[téléphone]"),
    (
        "address",
        re.compile(
            r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|impasse|"
            r"allée|allee|chemin|route|quai|cours|square|résidence|residence|cité|cite)\b"
            r"[^\n,.;()]*",
            re.IGNORECASE,
        ),
        "[adresse]",
    ),
    (
        "file_number",
        re.compile(
            r"\b(?:n°|no\.?|numéro|numero|dossier|matricule|allocataire|identifiant)\s*:?\s*"
            r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,}\b",
            re.IGNORECASE,
        ),
        "[numéro de dossier]",
    ),
    (
        "postcode",
        re.compile(r"\b(?:0[1-9]|[1-8]\d|9[0-8])\d{3}\b(?!\s?(?:€|euros?|ans))"),
        "[code postal]",
    ),
    ("long_number", re.compile(r"\b\d{7,}\b"), "[numéro]"),
]
# "le 12/03/2024" as a whole, so that "depuis le …" reads "depuis il y a 9 mois".
DATE_DIGITS = re.compile(r"(?:\ble\s+)?\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
DATE_WORDS = re.compile(
    rf"(?:\ble\s+)?\b(?:(\d{{1,2}}|1er)\s+)?({_MONTH})\s+(\d{{4}})\b"
    rf"|(?:\ble\s+)?\b(\d{{1,2}}|1er)\s+({_MONTH})\b",
    re.IGNORECASE,
)
AGE = re.compile(r"\b(\d{1,3})\s*ans\b")
TITLED = re.compile(rf"\b({TITLES})\s+((?:{NAME}|{UPPER_NAME})(?:\s+(?:{NAME}|{UPPER_NAME}))?)")
CAPITALISED = re.compile(rf"(?<![\w'’-])({NAME})")
# Rare attributes that may single a person out in a small place: an origin, a nationality, being
# "the only one" somewhere. Flagged for the author, never replaced without them.
RARE = re.compile(
    r"\b(?:(?:originaire|d['’]origine|ressortissante?)\s+(?:de\s+|du\s+|d['’]|des\s+)?\w+"
    r"|(?:le|la)\s+seule?\s+\w+(?:\s+\w+){0,3}\s+(?:du|de\s+la|de\s+l['’]|de)\s+"
    r"(?:quartier|village|commune|immeuble|résidence|ville)"
    r"|(?:tchétchène|érythréen(?:ne)?|afghane?|syrienne?|soudanaise?|ukrainienne?|kurde|rom|"
    r"yézidie?|tibétaine?|ouïghoure?|albanaise?|géorgienne?|guinéenne?|ivoirienne?|comorienne?))\b",
    re.IGNORECASE,
)
# An organisation located by its name or place ("le CHRS de Rezé", "le CCAS Le Phare"); the bare
# kind ("la CAF") identifies no one and stays.
ORG = re.compile(
    rf"(?:\b(le|la|au|du|l’|l')\s*)?\b({'|'.join(ORG_KINDS)})\b"
    rf"(?:\s+(?:de|du|des|d’|d')\s*{NAME}|\s+{NAME})"
)
ARTICLE = {"le": "un", "la": "un", "l’": "un", "l'": "un", "au": "à un", "du": "d’un"}


def _month_number(word: str) -> int:
    folded = fold(word)
    return [fold(m) for m in MONTHS].index(folded) + 1


def _finditer_known(text: str, mapping: dict[str, str], kind: str) -> list[Span]:
    spans = []
    for original, replacement in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
        if not original.strip():
            continue
        pattern = re.compile(rf"(?<![\w]){re.escape(original)}(?![\w])", re.IGNORECASE)
        spans += [
            Span(m.start(), m.end(), m.group(0), kind, replacement) for m in pattern.finditer(text)
        ]
    return spans


def detect(
    text: str,
    known: Known | None = None,
    *,
    today: date | None = None,
    communes: dict[str, int] | None = None,
    extra: Iterable[Span] = (),
) -> list[Span]:
    """Every span to replace (or to review), sorted, without overlaps (the first source wins:
    the record, then patterns, then free text)."""
    known = known or Known()
    today = today or date.today()
    communes = communes or {}
    aliases = Aliases(known.names.values())
    found: list[Span] = []
    # An email address holds names: it goes whole, before the names in it are seen.
    email = PATTERNS[0][1]
    found += [
        Span(m.start(), m.end(), m.group(0), "email", "[e-mail]") for m in email.finditer(text)
    ]
    found += _finditer_known(text, known.names, "person")
    found += _finditer_known(text, known.organisations, "organisation")
    found += _finditer_known(text, known.places, "place")
    for kind, pattern, replacement in PATTERNS:
        found += [
            Span(m.start(), m.end(), m.group(0), kind, replacement) for m in pattern.finditer(text)
        ]
    for m in DATE_DIGITS.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year += 2000 if year < 100 and year <= today.year % 100 else (1900 if year < 100 else 0)
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append(
                Span(
                    m.start(), m.end(), m.group(0), "date", relative_date(None, month, year, today)
                )
            )
    for m in DATE_WORDS.finditer(text):
        if m.group(2):
            month, year = _month_number(m.group(2)), int(m.group(3))
            found.append(
                Span(
                    m.start(), m.end(), m.group(0), "date", relative_date(None, month, year, today)
                )
            )
        else:
            found.append(Span(m.start(), m.end(), m.group(0), "date", f"en {fold(m.group(5))}"))
    for m in AGE.finditer(text):
        found.append(Span(m.start(), m.end(), m.group(0), "age", age_label(int(m.group(1)))))
    found += [
        Span(m.start(), m.end(), m.group(0), "rare", "[…]", flagged=True)
        for m in RARE.finditer(text)
    ]
    for m in ORG.finditer(text):
        article = ARTICLE.get((m.group(1) or "").lower(), "un")
        found.append(
            Span(m.start(), m.end(), m.group(0), "organisation", f"{article} {m.group(2)}")
        )
    for m in TITLED.finditer(text):
        title = m.group(1)
        short = {"Monsieur": "M.", "Madame": "Mme", "Mademoiselle": "Mlle", "Docteur": "Dr"}.get(
            title, title
        )
        found.append(Span(m.start(), m.end(), m.group(0), "person", aliases.of(m.group(2), short)))
    names = first_names()
    for m in CAPITALISED.finditer(text):
        word = m.group(1)
        key = fold(word)
        before = text[max(0, m.start() - 12) : m.start()]
        prev = re.findall(r"[\w’']+", before)
        prev_word = fold(prev[-1]).strip("'’") if prev else ""
        sentence_start = not before.strip() or before.rstrip()[-1:] in '.!?:;\n«"(-—'
        if key in NOT_NAMES:
            continue
        if prev_word in PLACE_PREPOSITIONS and key in communes:
            found.append(Span(m.start(), m.end(), word, "place", place_label(communes[key])))
        elif key.split()[0] in names:
            found.append(Span(m.start(), m.end(), word, "person", aliases.of(word)))
        elif key in communes:
            found.append(
                Span(m.start(), m.end(), word, "place", place_label(communes[key]), flagged=True)
            )
        elif not sentence_start:
            found.append(Span(m.start(), m.end(), word, "suspect", aliases.of(word), flagged=True))
    found += list(extra)
    for span in found:  # "depuis le 12/03/2025" reads "depuis mars 2025", not "depuis en mars"
        if span.kind == "date" and text[: span.start].rstrip().lower().endswith("depuis"):
            span.replacement = span.replacement.removeprefix("en ").removeprefix("il y a ")
    kept: list[Span] = []
    for span in found:  # earlier sources first
        if not any(span.overlaps(k) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def apply(text: str, spans: Iterable[Span]) -> str:
    out, last = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        out.append(text[last : span.start])
        out.append(span.replacement)
        last = span.end
    out.append(text[last:])
    return "".join(out)


def ner_spans(text: str) -> list[Span]:
    """Persons and places from spaCy's French model, when it is installed (an optional extra);
    flagged, never replaced without review. Without it, nothing: the rules work alone."""
    try:
        import spacy  # noqa: PLC0415 - optional, heavy: loaded only when present
    except ImportError:
        return []
    try:
        nlp = _model(spacy)
    except OSError:
        return []
    return [
        Span(
            e.start_char,
            e.end_char,
            e.text,
            "person" if e.label_ == "PER" else "place",
            "[…]",
            True,
        )
        for e in nlp(text).ents
        if e.label_ in ("PER", "LOC")
    ]


@cache
def _model(spacy):  # type: ignore[no-untyped-def]
    return spacy.load("fr_core_news_sm")
