"""The vocabulary: the same keys in every language, filled placeholders, dates and numbers the local way."""

import re
import string
from datetime import date

import pytest

from partrack.words import LANGS, long_date, number, short_date, vocabulary, word
from partrack.words.vocabulary import UnknownLanguage


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_every_language():
    keys = {lang: set(vocabulary(lang)) for lang in LANGS}
    for lang in LANGS:
        assert keys[lang] == keys["vi"], (lang, keys[lang] ^ keys["vi"])


def test_every_text_is_filled_in_and_uses_known_placeholders():
    for lang in LANGS:
        for key, text in vocabulary(lang).items():
            assert text.strip(), (lang, key)
    date_parts = {"d", "dd", "m", "mm", "year", "month", "mon"}
    for key in vocabulary("vi"):
        if key.startswith("date."):
            assert _placeholders(vocabulary("vi")[key]) <= date_parts
            assert _placeholders(vocabulary("en")[key]) <= date_parts
        else:
            assert _placeholders(vocabulary("vi")[key]) == _placeholders(vocabulary("en")[key]), key


def test_no_year_or_province_is_written_into_the_words():
    for lang in LANGS:
        for key, text in vocabulary(lang).items():
            assert not re.search(r"\b(19|20)\d\d\b", text) and "Nam Định" not in text, (lang, key)


def test_dates_follow_nghi_dinh_30_and_english_usage():
    assert long_date(date(2024, 10, 5), "vi") == "ngày 05 tháng 10 năm 2024"
    assert long_date(date(2025, 2, 28), "vi") == "ngày 28 tháng 02 năm 2025"
    assert long_date(date(2024, 10, 5), "en") == "5 October 2024"
    assert short_date(date(2021, 9, 29), "vi") == "29/9/2021" and short_date(date(2025, 12, 31), "en") == "31 Dec 2025"


def test_numbers_and_words():
    assert number(65.4, "vi") == "65,4" and number(1234567, "vi", 0) == "1.234.567" and number(65.4, "en") == "65.4"
    assert word("measure.rank", "vi", value="29") == "hạng 29"


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(UnknownLanguage, match="unknown language 'fr'"):
        word("status.on_track", "fr")


def test_every_validation_rule_has_its_message_in_every_language():
    from partrack.ingest.problems import RULES

    for lang in LANGS:
        assert {f"problem.{rule}" for rule in RULES} == {k for k in vocabulary(lang) if k.startswith("problem.")}
