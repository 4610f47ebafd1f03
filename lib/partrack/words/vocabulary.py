"""The vocabulary: every word partrack shows, per language, looked up by key from ``<lang>/*.yaml``.

Words are data so that a translation, a second province's wording or a corrected term is an edit to
a YAML file, not to Python; code asks for ``word("status.on_track", lang)`` and never branches on the
language. Each language folder holds the same files with the same keys (tests/test_words.py); a file
groups the words of one part of the product (core, brief, charts, messages).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from partrack.yamlsafe import load_yaml

FOLDER = Path(__file__).resolve().parent
LANGS = ("vi", "en")
LOCALES = {"vi": "vi_VN", "en": "en_GB"}  # Babel locales: separators, month names


class UnknownLanguage(ValueError):
    """A language with no vocabulary file."""


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def vocabulary(lang: str) -> dict[str, str]:
    """Every key of a language, flattened ("status.on_track" → "Đúng tiến độ")."""
    if lang not in LANGS:
        raise UnknownLanguage(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    merged: dict[str, str] = {}
    for path in sorted((FOLDER / lang).glob("*.yaml")):
        words = _flatten(load_yaml(path) or {})
        clash = sorted(set(words) & set(merged))
        if clash:
            raise ValueError(f"{path}: keys defined twice in the {lang} vocabulary: {', '.join(clash)}")
        merged.update(words)
    return merged


def word(key: str, lang: str, **values: object) -> str:
    """The text of a key in a language, with its placeholders filled; a missing key is a KeyError."""
    text = vocabulary(lang)[key]
    return text.format(**values) if values else text


def word_or(key: str, lang: str, default: str) -> str:
    """The text of a key, or ``default`` when the vocabulary has none (codes coming from data)."""
    return vocabulary(lang).get(key, default)


def locale(lang: str) -> str:
    """The Babel locale of a language."""
    if lang not in LOCALES:
        raise UnknownLanguage(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    return LOCALES[lang]
