"""The registry's own titles beside the book: the everyday names a county keeps for an
occupation ("铲车工" for 起重装卸机械操作工) and the titles staff, employers and people confirmed
or corrected. They change every day, so they are not fitted into the occupation coder (fitted
once on the book) but found in a text by exact search, and merged with what the coder says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import ahocorasick

from matching.ml.occupations import OccupationCoder, Suggestion, clean_title

# A text that is one of the titles is that occupation as surely as anything can be; a text that
# holds a title among other words ("在东莞开过三年铲车") is likely it.
WHOLE_TITLE = 0.9
TITLE_INSIDE = 0.6


class RegistryTitles:
    """Titles (cleaned as the coder cleans text) and the suggestions they stand for."""

    def __init__(self, titles: Iterable[tuple[str, Suggestion]]) -> None:
        by_title: dict[str, dict[str, Suggestion]] = {}
        for title, suggestion in titles:
            cleaned = clean_title(title)
            if len(cleaned) >= 2:  # one character is too ambiguous to name an occupation
                by_title.setdefault(cleaned, {})[suggestion.code] = suggestion
        self._automaton = ahocorasick.Automaton()
        for title, suggestions in by_title.items():
            self._automaton.add_word(title, (title, tuple(suggestions.values())))
        self._empty = not by_title
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Suggestion]:
        """The occupations whose titles ``text`` holds, longest title first; a title several
        occupations share splits its confidence between them."""
        cleaned = clean_title(text)
        if self._empty or not cleaned:
            return []
        found: dict[str, Suggestion] = {}
        for _end, (title, suggestions) in sorted(
            self._automaton.iter_long(cleaned), key=lambda hit: -len(hit[1][0])
        ):
            share = (WHOLE_TITLE if title == cleaned else TITLE_INSIDE) / len(suggestions)
            for suggestion in suggestions:
                if suggestion.code not in found or found[suggestion.code].confidence < share:
                    found[suggestion.code] = replace(suggestion, confidence=share)
        return list(found.values())


def suggest_with_titles(
    coder: OccupationCoder, titles: RegistryTitles, texts: Sequence[str], k: int = 5
) -> list[list[Suggestion]]:
    """The coder's suggestions for each text with the registry's titles found in it."""
    return with_titles(titles, texts, coder.suggest_many(texts, k), k)


def with_titles(
    titles: RegistryTitles, texts: Sequence[str], coded: Sequence[Sequence[Suggestion]], k: int = 5
) -> list[list[Suggestion]]:
    """The coder's suggestions ``coded`` for each text merged with the registry's titles found
    in it: each code once, at the higher of its confidences, best first."""
    out = []
    for text, suggestions in zip(texts, coded, strict=True):
        best: dict[str, Suggestion] = {s.code: s for s in suggestions}
        for s in titles.find(text):
            if s.code not in best or best[s.code].confidence < s.confidence:
                best[s.code] = s
        out.append(sorted(best.values(), key=lambda s: -s.confidence)[:k])
    return out
