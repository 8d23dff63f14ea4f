"""Likely duplicates of a person across the whole territory, before a record is created.

Matches survive accents, hyphens, compound and swapped names, typos (rapidfuzz), and a birth
date with day and month swapped or one digit wrong. Never a silent merge: matches are shown,
and a match the worker may not see is shown only as "a record may already exist, coordinated
by <organisation>"."""

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from ansam.core.text import words
from ansam.people.models import Person

NAME_THRESHOLD = 85


def name_key(*names: str) -> str:
    return " ".join(sorted(w for name in names for w in words(name)))


def _date_variants(d: date) -> set[date]:
    variants = {d}
    try:
        variants.add(date(d.year, d.day, d.month))  # day and month swapped
    except ValueError:
        pass
    return variants


@dataclass
class Candidate:
    person: Person
    score: int


def find_candidates(
    *, birth_name: str, used_name: str, given_names: str, birth_date: date, limit: int = 5
) -> list[Candidate]:
    key = name_key(birth_name, used_name)
    given = name_key(given_names)
    qs = Person.objects.filter(merged_into=None)
    by_date = qs.filter(birth_date__in=_date_variants(birth_date))
    # Same names, a different date (typo of one digit, or same year): looked up by name key.
    by_name = qs.filter(
        name_key=key,
        birth_date__year__in=[birth_date.year - 1, birth_date.year, birth_date.year + 1],
    )
    found = {}
    for person in list(by_date[:500]) + list(by_name[:100]):
        full_new = f"{given} {key}"
        full_old = f"{person.given_key} {person.name_key}"
        score = int(fuzz.token_set_ratio(full_new, full_old))
        if person.birth_date != birth_date:
            score -= 5
        if score >= NAME_THRESHOLD:
            found[person.pk] = Candidate(person, score)
    return sorted(found.values(), key=lambda c: -c.score)[:limit]
