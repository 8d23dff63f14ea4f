"""Text normalisation shared by directory search, duplicate detection and imports."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[0-9a-z]+")
_stemmer = snowballstemmer.stemmer("french")

# French function words that carry no meaning in a search (elided forms included).
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du en et l la le les leur leurs ma mes mon n ne ni "
    "nos notre ou par pas pour qu que qui s sa se ses son sur ta te tes ton un une vos votre "
    "y j m c t".split()
)


def unaccent(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(value: str) -> str:
    """Lower case without accents: 'Hébergement d’Urgence' -> 'hebergement d’urgence'."""
    return unaccent(value).lower()


def words(value: str) -> list[str]:
    return _WORD.findall(fold(value))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    stemmed: str = _stemmer.stemWord(word)
    return stemmed


def stems(value: str) -> list[str]:
    """Meaningful word stems of a text, accents and case ignored, French word forms merged."""
    return [stem(w) for w in words(value) if w not in STOP_WORDS]


@lru_cache(maxsize=100_000)
def token_stems(token: str) -> frozenset[str]:
    """The stems of one word as written (cached: result pages repeat the same words)."""
    return frozenset(stems(token))
