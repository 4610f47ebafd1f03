"""The bundled catalogue is the whole of section II.1, in the plan's own words, with the right numbers."""

import re
import unicodedata

import pytest
from pydantic import ValidationError

from partrack.catalogue import BUNDLED, load_catalogue
from partrack.catalogue.export import catalogue_record
from partrack.catalogue.model import Indicator
from partrack.words import LANGS

# Every bullet of II.1, written out from the plan (see shared/design/plan-bullets.md).
PLAN_BULLETS = {
    "1.1": 2,
    "1.2": 10,
    "1.3": 5,
    "1.4": 2,
    "1.5": 2,
    "1.6": 8,
    "1.7": 2,
}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_every_indicator_is_well_formed_all_problems_reported_together(catalogue):
    problems = []
    for item in catalogue.indicators:
        if item.text_vi != unicodedata.normalize("NFC", item.text_vi):
            problems.append(f"{item.id}: text_vi not NFC")
        if not item.name_vi or not item.name_en:
            problems.append(f"{item.id}: missing a name")
        if item.area not in {a.code for a in catalogue.areas}:
            problems.append(f"{item.id}: unknown area {item.area}")
        if not item.plan_ref.startswith(catalogue.area(item.area).number + "/"):
            problems.append(f"{item.id}: plan_ref {item.plan_ref} outside its area {item.area}")
        if not item.lead_agency.startswith(("Sở", "Văn phòng")):
            problems.append(f"{item.id}: lead agency {item.lead_agency!r}")
    assert not problems, "\n".join(problems)


def test_every_text_vi_is_verbatim_in_the_plan(catalogue):
    plan_text = _normal((BUNDLED / "plan-text.txt").read_text(encoding="utf-8"))
    missing = [i.id for i in catalogue.indicators if _normal(i.text_vi) not in plan_text]
    assert not missing, f"text_vi not found verbatim in the plan: {missing}"


def test_every_bullet_of_section_ii1_is_covered(catalogue):
    expected = {f"{h}/{n}" for h, count in PLAN_BULLETS.items() for n in range(1, count + 1)}
    covered = {i.plan_ref for i in catalogue.indicators}
    assert covered == expected


def test_the_bullet_count_matches_the_plan_text():
    text = (BUNDLED / "plan-text.txt").read_text(encoding="utf-8")
    section = text[text.index("1. Mục tiêu đến năm 2025") : text.index("2. Nhiệm vụ trọng tâm cải cách")]
    counts = {}
    for block in re.split(r"\n(?=1\.\d\. )", section)[1:]:
        heading = block[:3]
        counts[heading] = sum(1 for line in block.splitlines() if line.startswith("- "))
    assert counts == PLAN_BULLETS


def test_numbers_of_the_key_goals(catalogue):
    get = catalogue.indicator
    assert get("dossiers_processed_online").target.value == 60
    assert get("fee_procedures_paid_online").target.value == 80
    assert get("online_payment_transactions").target.value == 30
    assert get("work_files_processed_online").target.by_level == {"province": 80, "district": 80, "commune": 60}
    assert get("meeting_system_deployed").target.by_level == {"province": 100, "district": 80}
    digitised = get("results_digitised").target.milestones
    assert digitised["province"] == {2021: 30, 2022: 50, 2023: 70, 2024: 90, 2025: 100}
    assert digitised["district"][2021] == 20 and digitised["district"][2025] == 100
    assert digitised["commune"] == {2021: 15, 2022: 35, 2023: 55, 2024: 75, 2025: 95}
    for name in ("public_service_units", "public_service_payroll"):
        target = get(name).target
        assert (target.kind, target.change, target.baseline_year, get(name).direction) == (
            "change_vs_baseline",
            -10,
            2021,
            "down",
        )
    assert {i.id for i in catalogue.indicators if i.target.kind == "rank_group"} == {"par_index", "sipas", "papi"}


def test_about_35_numeric_goals_and_every_kind_present(catalogue):
    numeric = [i for i in catalogue.indicators if i.is_numeric]
    assert 30 <= len(numeric) <= 40
    kinds = {i.target.kind for i in catalogue.indicators}
    assert kinds == {"at_least", "change_vs_baseline", "milestones", "rank_group", "done", "qualitative"}
    assert all(i.notes for i in catalogue.indicators if i.target.kind in ("milestones", "rank_group"))


def test_plan_header(catalogue):
    plan = catalogue.plan
    assert plan.number == "111/KH-UBND"
    assert (plan.date.isoformat(), plan.deadline.isoformat(), plan.baseline_year) == ("2021-09-29", "2025-12-31", 2021)
    assert plan.province == "36"
    assert [a.code for a in catalogue.areas] == [
        "institutions",
        "procedures",
        "apparatus",
        "civil_service",
        "public_finance",
        "digital_government",
        "direction",
    ]


def test_json_record_follows_the_contract(catalogue):
    record = catalogue_record(catalogue)
    online = next(i for i in record["indicators"] if i["id"] == "dossiers_processed_online")
    assert online["target"] == {"kind": "at_least", "value": 60.0, "deadline": "2025-12-31"}
    assert set(online) >= {"id", "area", "plan_ref", "text_vi", "name_vi", "name_en", "unit", "direction", "levels"}
    units = next(i for i in record["indicators"] if i["id"] == "public_service_units")
    assert units["target"]["change"] == -10 and units["target"]["baseline_year"] == 2021


def test_loading_twice_gives_the_same_object():
    assert load_catalogue() is load_catalogue(BUNDLED)


def test_every_count_goal_says_what_it_counts_in_every_language(catalogue):
    """A count is never written bare ("737" → "737 đơn vị"): the plan names what each count goal counts."""
    counts = [i for i in catalogue.indicators if i.unit == "count"]
    assert counts and all(i.count_unit(lang) for i in counts for lang in LANGS)
    assert catalogue.indicator("public_service_units").count_unit("vi") == "đơn vị"
    assert catalogue.indicator("public_service_payroll").count_unit("en") == "posts"
    assert catalogue.indicator("dossiers_processed_online").count_unit("vi") == ""  # a percentage counts nothing


def test_a_count_unit_is_optional_and_only_for_counts(catalogue):
    fields = catalogue.indicator("public_service_units").model_dump(exclude={"count_unit_vi", "count_unit_en"})
    assert Indicator(**fields).count_unit("vi") == ""  # another plan may leave it out (tests/fixtures/plans/second)
    online = catalogue.indicator("dossiers_processed_online").model_dump()
    with pytest.raises(ValidationError, match="count_unit_vi/count_unit_en name what a count counts"):
        Indicator(**(online | {"count_unit_vi": "hồ sơ"}))
