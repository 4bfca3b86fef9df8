"""Occupation coding for the registry: the coder fitted on the national classification (once
for a version of the code and the data, kept on disk), with the registry's own titles beside it
(the county's everyday names and the titles people confirmed or corrected), read afresh."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import pickle
import threading
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db.models import F

from jobs.models import Occupation, OccupationTitle
from matching.ml import classification, occupations
from matching.ml.classification import read_classification
from matching.ml.occupations import OccupationCoder, Suggestion, clean_title
from matching.ml.titles import RegistryTitles, suggest_with_titles

log = logging.getLogger(__name__)
_lock = threading.Lock()
_coder: OccupationCoder | None = None


def _version() -> str:
    """Changes with the coder's code or the classification's data, and only then."""
    digest = hashlib.sha256(importlib.metadata.version(classification.DISTRIBUTION).encode())
    for module in (classification, occupations):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def coder_current() -> OccupationCoder:
    """The coder fitted on the book: this process's, or the one kept on disk, or fitted now."""
    global _coder
    with _lock:
        if _coder is None:
            path = Path(settings.OCCUPATION_CODER_DIR) / f"coder-{_version()}.pickle"
            try:
                with open(path, "rb") as f:
                    _coder = pickle.load(f)
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                log.info("fitting the occupation coder on the national classification")
                _coder = OccupationCoder.fit(read_classification())
                path.parent.mkdir(parents=True, exist_ok=True)
                part = path.with_suffix(f".{os.getpid()}.tmp")
                with open(part, "wb") as f:
                    pickle.dump(_coder, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(part, path)  # another process reading it sees the whole file or none
        assert _coder is not None
        return _coder


@functools.cache
def _book_titles() -> dict[str, frozenset[str]]:
    return {e.code: frozenset({e.name, *e.titles}) for e in read_classification()}


def registry_titles() -> RegistryTitles:
    """The titles the registry holds that the book does not: the county's everyday names (and
    the names of occupations staff added) and the titles people confirmed or corrected."""
    book = _book_titles()
    holder = Occupation(synonyms="")
    titles: list[tuple[str, Suggestion]] = []
    for code, level, name, synonyms in Occupation.objects.values_list("code", "level", "name", "synonyms"):
        holder.synonyms = synonyms
        known = book.get(code, frozenset())
        stands_for = Suggestion(code, level, name, 0.0)
        titles += [(t, stands_for) for t in [name, *holder.synonym_list] if t not in known]
    for title, code, level, name in OccupationTitle.objects.values_list(
        "title", "occupation__code", "occupation__level", "occupation__name"
    ):
        titles.append((title, Suggestion(code, level, name, 0.0)))
    return RegistryTitles(titles)


def occupations_suggest(texts: Sequence[str], *, k: int = 5) -> list[list[Suggestion]]:
    """Ranked occupation codes with confidences for each text."""
    return suggest_with_titles(coder_current(), registry_titles(), texts, k)


def occupation_title_learn(*, title: str, occupation: Occupation, source: str) -> OccupationTitle | None:
    """Keep a title someone confirmed or corrected to an occupation, so the coding learns it; a
    title the book already gives that occupation, or one with nothing left once cleaned, is not
    kept. Confirming it again counts."""
    cleaned = clean_title(title)[:100]
    if not cleaned or cleaned in {clean_title(t) for t in _book_titles().get(occupation.code, ())}:
        return None
    learned, made = OccupationTitle.objects.get_or_create(
        occupation=occupation, title=cleaned, defaults={"source": source}
    )
    if not made:
        OccupationTitle.objects.filter(pk=learned.pk).update(confirmations=F("confirmations") + 1)
    return learned
