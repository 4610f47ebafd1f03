"""The explanatory cells of the notebooks: what each section shows and how to read it, in every language.

``scripts/make_notebooks.py`` writes these before each section, from the vocabulary
(``words/<lang>/notebooks.yaml``), so the notebooks never drift apart and a correction is one edit. A stored
notebook is read in any language, so a cell holds every language: the first as written, the others after
it in italics. The cells are tagged ``analyst-only``: the exported briefs leave them out.
"""

from __future__ import annotations

import textwrap

from partrack.words import LANGS, word

TAG = "analyst-only"  # the tag publish/exporters.py removes from briefs
WIDTH = 116  # characters a stored markdown line is wrapped at (readable diffs; the rendering is the same)


def _texts(key: str) -> list[str]:
    return [word(key, lang) for lang in LANGS]


def _languages(texts: list[str]) -> str:
    first, *others = texts
    paragraphs = [first, *(f"*{text}*" for text in others)]
    return "\n\n".join(textwrap.fill(p, WIDTH, break_long_words=False, break_on_hyphens=False) for p in paragraphs)


def note(key: str, level: int = 2) -> str:
    """The markdown of one explanatory cell: ``<key>.title`` as a heading (if any), then ``<key>.text``.

    ``key`` is under ``notebook.`` in the vocabulary: ``section.status_table``, ``analysis``, ``open``…
    """
    key = f"notebook.{key}"
    if f"{key}.text" not in _vocabulary_keys():
        return _languages(_texts(key))
    titles = " · ".join([_texts(f"{key}.title")[0], *(f"*{t}*" for t in _texts(f"{key}.title")[1:])])
    return f"{'#' * level} {titles}\n\n{_languages(_texts(f'{key}.text'))}"


def section_note(section: str) -> str:
    """The explanatory cell before a section of the brief (``brief.<section>(b)``)."""
    return note(f"section.{section}")


def has_section_note(section: str) -> bool:
    """Whether the vocabulary explains this section (every section a notebook calls must be explained)."""
    return f"notebook.section.{section}.text" in _vocabulary_keys()


def _vocabulary_keys() -> set[str]:
    from partrack.words import vocabulary

    return set(vocabulary(LANGS[0]))
