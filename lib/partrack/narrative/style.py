"""How words sit in a sentence: names, plan references, numbers with their units, abbreviations, glosses.

Unit names in lower case mid-sentence, plan references in words, numbers tied to their units, agencies in the
brief's language, abbreviations spelled out, glosses of another language left out.

Every rule reads its words from the vocabulary (``words/<lang>/names.yaml``, ``brief.yaml``), so that no code
here branches on the language or names a province.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache

from partrack.periods import Period
from partrack.words.numbers import short_date
from partrack.words.vocabulary import LANGS, vocabulary, word

NBSP = "\u00a0"
_NUMBER_THEN_WORD = re.compile(r"(\d[\d.,]*) (?=[^\W\d_]|%)")  # "13,0 điểm" → "13,0\u00a0điểm"


def tie(text: str) -> str:
    """Numbers kept on the line of the word after them ("13,0 điểm phần trăm", "737 đơn vị")."""
    return _NUMBER_THEN_WORD.sub(lambda m: m.group(1) + NBSP, text)


@cache
def _prefixes(lang: str) -> re.Pattern:
    return re.compile(rf"^(?:{word('name.unit_prefixes', lang)})(?=\s)")


def inline_name(name: str, lang: str) -> str:
    """A unit's name inside a sentence: its common part in lower case ("Tỉnh Nam Định" → "tỉnh Nam Định").

    The proper part keeps its capitals; a name that does not start with a common part is unchanged.
    """
    return _prefixes(lang).sub(lambda m: m.group(0).lower(), name)


def as_of(period: Period, ended: date | None, lang: str, inline: bool = False) -> str:
    """What a brief covers: the period ("Quý II/2025"), or the unit's own end when it ended before the period's end.

    A district merged away mid-period is assessed at its close ("đến ngày 31/8/2024"), never at a later period it
    did not live to see. ``inline``: the form inside a sentence ("số liệu đến hết ngày 31/8/2024").
    """
    if ended is not None and ended < period.end:
        return word("brief.until_inline" if inline else "brief.until", lang, date=short_date(ended, lang))
    return period.inline_label(lang) if inline else period.label(lang)


def plan_reference(ref: str, lang: str, short: bool = False) -> str:
    """A plan reference in words: "1.2/3" → "mục 1.2, ý thứ 3" ("1.2, ý 3" in a table cell)."""
    section, _, item = ref.partition("/")
    if not item:
        return ref
    return word("brief.ref_short" if short else "brief.ref", lang, section=section, item=item)


@cache
def _agencies() -> dict[str, str]:
    """Every language's agency name → its key (``agency.<key>``)."""
    found = {}
    for lang in LANGS:
        for key, text in vocabulary(lang).items():
            if key.startswith("agency."):
                found[text.casefold()] = key
    return found


def agency_name(name: str, lang: str) -> str:
    """An agency in the brief's language ("Sở Tư pháp" → "Department of Justice"); an unknown name as written."""
    key = _agencies().get(name.strip().casefold())
    return vocabulary(lang)[key] if key else name


def drop_gloss(text: str, lang: str) -> str:
    """Submitted text without a bracketed gloss in another language ("minh họa (illustrative)" → "minh họa")."""
    return re.sub(word("name.foreign_gloss", lang), "", text).strip()


def glossary(texts: Iterable[str], lang: str) -> list[tuple[str, str]]:
    """The abbreviations these texts use, spelled out, in the order of the vocabulary."""
    joined = " ".join(texts)
    found = []
    for key, meaning in vocabulary(lang).items():
        if key.startswith("abbreviation."):
            short = key.removeprefix("abbreviation.")
            if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", joined):
                found.append((short, meaning))
    return found
