"""The field's thesaurus (data/thesaurus.tsv): expressions people use for a need — acronyms,
synonyms, situations — and the thematiques and words they stand for. Read once per process."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ansam.core.text import stems
from ansam.organisations import taxonomies

PATH = Path(__file__).parent / "data" / "thesaurus.tsv"


class ThesaurusError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    line: int
    expressions: tuple[tuple[str, ...], ...]  # each as its stems
    thematiques: tuple[str, ...]
    words: tuple[str, ...]  # stems added to the search


def _thematiques(codes: list[str], line: int) -> tuple[str, ...]:
    known = dict(taxonomies.THEMATIQUES)
    categories = dict(taxonomies.CATEGORIES)
    out: list[str] = []
    for code in codes:
        if code.endswith("--*"):
            category = code[:-3]
            if category not in categories:
                raise ThesaurusError(f"line {line}: unknown category {category!r}")
            out += [t for t in known if t.startswith(f"{category}--")]
        elif code in known:
            out.append(code)
        else:
            raise ThesaurusError(f"line {line}: unknown thematique {code!r}")
    return tuple(dict.fromkeys(out))


def parse(text: str) -> list[Entry]:
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        columns = raw.split("\t")
        if len(columns) not in (2, 3):
            raise ThesaurusError(f"line {number}: 2 or 3 tab-separated columns expected")
        expressions = tuple(
            tuple(stems(expression)) for expression in columns[0].split("|") if stems(expression)
        )
        if not expressions:
            raise ThesaurusError(f"line {number}: no expression")
        thematiques = _thematiques(columns[1].split(), number)
        words = tuple(stems(columns[2])) if len(columns) == 3 else ()
        if not thematiques and not words:
            raise ThesaurusError(f"line {number}: neither thematiques nor words")
        entries.append(Entry(number, expressions, thematiques, words))
    return entries


class Thesaurus:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        for entry in entries:
            for expression in entry.expressions:
                self._by_first.setdefault(expression[0], []).append((expression, entry))
        self.stems = {s for entry in entries for e in entry.expressions for s in e}

    def match(self, query: list[str]) -> list[tuple[Entry, tuple[str, ...]]]:
        """The entries whose expressions occur in these query stems (as a run of words); the
        longest expression first at each position, each entry once."""
        found: dict[int, tuple[Entry, tuple[str, ...]]] = {}
        for start, first in enumerate(query):
            for expression, entry in sorted(
                self._by_first.get(first, []), key=lambda pair: -len(pair[0])
            ):
                if tuple(query[start : start + len(expression)]) == expression:
                    found.setdefault(entry.line, (entry, expression))
        return list(found.values())

    def expressions_of(self, thematique: str) -> list[str]:
        """The words people use for this thematique (for the thematique's own document)."""
        return [
            " ".join(expression)
            for entry in self.entries
            if thematique in entry.thematiques
            for expression in entry.expressions
        ]


@cache
def thesaurus() -> Thesaurus:
    return Thesaurus(parse(PATH.read_text(encoding="utf-8")))
