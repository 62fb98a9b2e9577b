"""Tokens with their place in the text, sentences, stems and a plain guess at the language.

Everything here is deterministic and local: a regular expression cuts the text into words, the
Snowball stemmers (``snowballstemmer``, the same algorithms as in search engines) reduce each word
to a stem, and the language is the one of the four whose common short words occur most.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

LANGUAGES: tuple[str, ...] = ("nl", "fr", "en", "de")
_STEMMER_NAMES = {"nl": "dutch", "fr": "french", "en": "english", "de": "german"}

# A word: letters and digits, with inner apostrophes or hyphens kept apart (l'argent -> l, argent).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A sentence ends at . ! ? ; or a line break, followed by space or the end.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")

# Short words that are frequent in one language and rare in the others (for the language guess).
_COMMON_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        "de het een en van is niet hij zij ze wij we op met voor dat die er ook naar maar geen heeft "
        "hebben werd wordt haar hem mag moet nooit bij uit zijn wat als om te wel nog dan hun hen dit "
        "deze zonder elke iemand niemand kan zal waren werkt".split()
    ),
    "fr": frozenset(
        "le la les un une et est de des du il elle ils pas ne sur avec pour que qui au aux son sa ses "
        "été dans jamais doit peut chez leur leurs tout tous cette ce qu lui on sont était avait y plus "
        "sans personne travaille".split()
    ),
    "en": frozenset(
        "the a an and is are was of to he she they not on with for that his her has have had never "
        "must can at by from it this who every nobody without their them would will be been does did "
        "after there all works".split()
    ),
    "de": frozenset(
        "der die das ein eine und ist sind war nicht er sie auf mit für dass den dem des hat haben "
        "wird kein keine nie muss bei aus sein ihr ihm ihn sich wenn auch nur noch zu im vom zum zur "
        "am um von jeden jede niemand ohne arbeitet".split()
    ),
}


@dataclass(frozen=True)
class Token:
    """One word: where it is (``start``/``end`` in the original text), its folded form and stem."""

    start: int
    end: int
    folded: str
    stem: str
    sentence: int


def fold(word: str) -> str:
    """Lower case, without accents, sharp s as ss (``Pässe`` -> ``passe``, ``Straße`` -> ``strasse``)."""
    lowered = word.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMER_NAMES[language])


@lru_cache(maxsize=20000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of an already folded word."""
    return str(_stemmer(language).stemWord(word))


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Start and end of each sentence."""
    bounds = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(begin, end) for begin, end in bounds if text[begin:end].strip()]


def tokenize(text: str, language: str) -> list[Token]:
    """Every word of the text, folded and stemmed for ``language``, with its sentence number."""
    tokens = []
    bounds = sentence_bounds(text)
    sentence = 0
    for match in _WORD.finditer(text):
        while sentence + 1 < len(bounds) and match.start() >= bounds[sentence + 1][0]:
            sentence += 1
        folded = fold(match.group())
        tokens.append(Token(match.start(), match.end(), folded, stem(folded, language), sentence))
    return tokens


@lru_cache(maxsize=4)
def _folded_common(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in _COMMON_WORDS[language])


def guess_language(text: str, hint: str | None = None) -> str:
    """The language among nl, fr, en, de whose common words occur most; the hint wins a tie."""
    words = [fold(match.group()) for match in _WORD.finditer(text)]
    scores = {
        language: sum(1 for word in words if word in _folded_common(language)) for language in LANGUAGES
    }
    fallback = hint if hint in LANGUAGES else "en"
    best = max(scores.values())
    if best == 0:
        return fallback
    leaders = [language for language in LANGUAGES if scores[language] == best]
    return fallback if fallback in leaders else leaders[0]
