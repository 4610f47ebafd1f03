"""Everything that turns data into words: the vocabulary (YAML per language), numbers and dates (Babel), labels.

Charts, narrative, ingest reports, briefs and the command line take their words from here.
"""

from partrack.words.labels import assessment_label, flag_labels, status_label, target_words
from partrack.words.numbers import (
    decimals_for,
    difference,
    is_missing,
    long_date,
    number,
    short_date,
    value_with_unit,
)
from partrack.words.vocabulary import LANGS, locale, vocabulary, word, word_or

__all__ = [
    "LANGS",
    "assessment_label",
    "decimals_for",
    "difference",
    "flag_labels",
    "is_missing",
    "locale",
    "long_date",
    "number",
    "short_date",
    "status_label",
    "target_words",
    "value_with_unit",
    "vocabulary",
    "word",
    "word_or",
]
