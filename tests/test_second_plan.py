"""A second plan is a second folder: nothing of the bundled Nam Định plan may show in its outputs.

``tests/fixtures/plans/second`` is a FICTIONAL plan (tỉnh Thử Nghiệm, code 99, districts 991 and 992, its
own national average XX in the folder's ``units.yaml``) for 2026-2030 with baseline year 2025, three areas
(services, digital, ranking) and eight goals of every target kind; ``tests/fixtures/second_data`` holds
its figures for 2025 (the baseline) and 2026-Q1…Q3. Every command is run on it as a user would
(``python -m partrack.cli …``) and every text it writes is searched for the bundled plan: its province,
its period (2021-2025), its deadline (31/12/2025), and any year the second plan and its data do not give.

"2025" is the second plan's baseline year and the year of its first figures, so it may appear, but only
where a text speaks of the baseline or of the 2025 figures ("so với năm 2025", "Năm 2025 đạt …"), never as
a deadline, a projection year or a target year ("Dự báo 2025", "cuối năm 2025", "31/12/2025").
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

PLAN = FIXTURES / "plans" / "second"
DATA = FIXTURES / "second_data"
PROVINCE, DISTRICTS = "99", ("991", "992")
UNITS = (PROVINCE, *DISTRICTS)
AREAS = {"services": "Phục vụ người dân, doanh nghiệp", "digital": "Chuyển đổi số trong cơ quan hành chính",
         "ranking": "Xếp hạng cải cách hành chính"}  # fmt: skip
AREA_NOTEBOOKS = ("01_services", "02_digital", "03_ranking")
INDICATORS = ("full_online_dossiers", "service_satisfaction", "paperless_one_stop", "records_digitised",
              "standalone_systems", "shared_data_platform", "par_index_rank", "papi_rank")  # fmt: skip
NUMERIC_KINDS = {"at_least", "at_most", "change_vs_baseline", "milestones", "rank_group"}

# Strings of the bundled plan that must never reach another plan's outputs (compared after NFC).
BUNDLED_STRINGS = (
    "Nam Định", "NAM ĐỊNH", "Nam Dinh", "NAM DINH", "nam-dinh", "Ninh Bình", "NINH BÌNH", "111/KH-UBND",
    "04-NQ/TU", "2021 - 2025", "2021–2025", "2021-2025", "31/12/2025", "31 December 2025", "31 Dec 2025",
    "December 31, 2025",
)  # fmt: skip

# The years the second plan and its data give: the baseline and first figures (2025), the plan's date and
# its reports (2026), the milestones and the own deadline of a goal (2026-2030), the deadline (2030).
JUSTIFIED_YEARS = {2025, 2026, 2027, 2028, 2029, 2030}
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?!\d)")

# "2025" as a deadline, projection or target year: wrong unless it is the baseline of a comparison.
WRONG_2025 = [
    r"(?:Dự báo|dự báo|[Pp]rojection|[Pp]rojected|[Mm]ục tiêu|[Tt]arget|[Gg]oal|[Hh]ạn|[Dd]eadline|[Tt]hời hạn)"
    r"\W{0,3}(?:đến |to |by |for |in )?(?:năm |the end of )?2025",
    r"2025 (?:projection|goal|target|deadline)",
    r"(?:cuối|đến hết|đến|hết|trước|tới)(?: ngày \d+/\d+/| năm | )2025",
    r"(?:\bby|end of|before|until)(?: the end of)? 2025",
    r"mục tiêu (?:(?!so với)[^.;:]){1,30} năm 2025",
    r"31/12/2025|31 Dec(?:ember)? 2025",
]
# "2025" as the baseline of a comparison (the plan's baseline year).
BASELINE_2025 = [
    r"so với (?:năm )?2025",
    r"\bbaseline_year\W{0,4}2025",  # the plan's field, in JSON
    r"(?:năm gốc|năm cơ sở|kỳ gốc)\W{0,3}(?:\(?năm )?2025",
    r"2025\W{0,3}\(?(?:năm gốc|năm cơ sở|baseline|base year)",
    r"(?:[Bb]aseline|[Bb]ase year)(?: year)?\W{0,3}(?:of |in |\()?2025",
    r"(?:compared with|compared to|versus|vs\.?|relative to|against|from|over) (?:the )?(?:year )?2025",
    r"(?:[Ss]ince|kể từ|từ)(?: năm)? 2025",  # the trend "since the baseline year" (method note)
]
# "2025" as the period of the 2025 figures ("Năm 2025 đạt 84,21%", "in 2025"), unless WRONG_2025 says otherwise.
# 2025 as the year of a figure: in words, or as the ranking chart's year tick, which the PDF's text gives right before
# the score row's axis figures and label or the figures written at its points ("2025 83 84 85 Điểm số 84,21%…")
PERIOD_2025 = [
    r"[Nn]ăm 2025",
    r"\b[Ii]n 2025\b",
    r"\b2025(?=(?: [\d.,%]+)+ (?:Điểm số|Score|Số liệu minh họa|Illustrative data)\b)",
]
TABLE_CELL_2025 = r"(?:^|(?<=[\s│|]))2025(?=[\s│|]|$)"  # a period cell of a text table


def _nfc(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _around(text: str, start: int, end: int, width: int = 50) -> str:
    return f"…{text[max(0, start - width) : end + width]}…"


def _spans(patterns: list[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for p in patterns for m in re.finditer(p, text, flags=re.MULTILINE)]


def leaks(text: str, where: str, table: bool = False, years: set[int] = JUSTIFIED_YEARS) -> list[str]:
    """Every trace of the bundled plan in a text, each with its place and context (empty: none)."""
    text = _nfc(text) if not table else unicodedata.normalize("NFC", text)
    found = []
    for needle in BUNDLED_STRINGS:
        for m in re.finditer(re.escape(needle), text, flags=re.IGNORECASE if needle.isascii() else 0):
            found.append(f"{where}: {needle!r} {_around(text, *m.span())}")
    for m in YEAR.finditer(text):
        if int(m.group()) not in years:
            found.append(f"{where}: year {m.group()} (plan and data give {sorted(years)}) "
                         f"{_around(text, *m.span())}")  # fmt: skip
    wrong, baseline = _spans(WRONG_2025, text), _spans(BASELINE_2025, text)
    period = _spans(PERIOD_2025 + ([TABLE_CELL_2025] if table else []), text)
    for m in re.finditer(r"(?<!\d)2025(?!\d)", text):
        inside = [any(s <= m.start() and m.end() <= e for s, e in spans) for spans in (baseline, wrong, period)]
        if inside[0]:
            continue
        if inside[1]:
            span = next((s, e) for s, e in wrong if s <= m.start() and m.end() <= e)
            found.append(f"{where}: deadline/projection year {text[slice(*span)]!r} {_around(text, *span)}")
        elif not inside[2]:
            found.append(f"{where}: '2025' not about the baseline {_around(text, *m.span())}")
    return found


def html_text(markup: str) -> str:
    """What a reader of an HTML brief sees (and hears: alt texts), without CSS, scripts or image data."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.DOTALL | re.IGNORECASE)
    alts = re.findall(r'\balt="([^"]*)"', markup)
    markup = re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=\s]+", "", markup)
    text = re.sub(r"<[^>]+>", " ", markup) + " " + " ".join(alts)
    return _nfc(html.unescape(text))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return _nfc(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def cli(*args: object, timeout: float = 300) -> subprocess.CompletedProcess:
    """``partrack …`` as a user runs it, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "partrack.cli", *map(str, args)],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )  # fmt: skip


def _explain(process: subprocess.CompletedProcess) -> str:
    return f"exit {process.returncode}\n--- stdout\n{process.stdout[-3000:]}\n--- stderr\n{process.stderr[-3000:]}"


def test_the_fixture_plan_is_consistent():
    """The fixture itself: loads, eight goals of every kind, every text_vi verbatim in its plan text."""
    from partrack.catalogue import load_catalogue
    from partrack.units import units_for

    catalogue = load_catalogue(PLAN)
    assert [a.code for a in catalogue.areas] == list(AREAS)
    assert [i.id for i in catalogue.indicators] == list(INDICATORS)
    assert {i.target.kind for i in catalogue.indicators} >= NUMERIC_KINDS - {"at_most"} | {"done", "qualitative"}
    plan_text = _nfc((PLAN / catalogue.plan.source_text).read_text(encoding="utf-8"))
    assert [i.id for i in catalogue.indicators if _nfc(i.text_vi) not in plan_text] == []
    units = units_for(PLAN)
    assert [u.code for u in units.children(PROVINCE)] == list(DISTRICTS)
    assert units[catalogue.plan.national_average].level == "national"
    with (DATA / "bao_cao.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["unit"] for r in rows} == {*UNITS, "XX"}
    assert {r["period"] for r in rows} == {"2025", "2026-Q1", "2026-Q2", "2026-Q3"}


# --- partrack targets ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_targets_lists_the_second_plans_goals_and_nothing_of_the_bundled_plan(lang):
    done = cli("targets", "--catalogue", PLAN, "--lang", lang)
    assert done.returncode == 0, _explain(done)
    title = "Kế hoạch cải cách hành chính tỉnh Thử Nghiệm giai đoạn 2026 - 2030" if lang == "vi" else \
        "Public Administration Reform Plan of Thử Nghiệm Province, 2026-2030"  # fmt: skip
    assert title in done.stdout and "45/KH-UBND" in done.stdout
    if lang == "vi":
        assert all(f"{n}. {name}" in done.stdout for n, name in zip(("2.1", "2.2", "2.3"), AREAS.values(), strict=True))
    assert all(i in done.stdout for i in INDICATORS)
    found = leaks(done.stdout, f"partrack targets --lang {lang}", table=True)
    assert found == [], "\n".join(found)


def test_targets_csv_and_json_carry_the_second_plan():
    as_csv = cli("targets", "--catalogue", PLAN, "--format", "csv")
    assert as_csv.returncode == 0, _explain(as_csv)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in rows] == list(INDICATORS)
    found = leaks(as_csv.stdout, "partrack targets --format csv", table=True)
    assert found == [], "\n".join(found)
    as_json = cli("targets", "--catalogue", PLAN, "--format", "json")
    assert as_json.returncode == 0, _explain(as_json)
    record = json.loads(as_json.stdout)
    assert record["plan"]["deadline"] == "2030-12-31" and record["plan"]["province"] == PROVINCE
    found = leaks(as_json.stdout, "partrack targets --format json", table=True)
    assert found == [], "\n".join(found)


# --- partrack validate -----------------------------------------------------------------------------


def test_validate_accepts_the_second_plans_data_with_its_own_units():
    done = cli("validate", "--catalogue", PLAN, DATA)
    assert done.returncode == 0, _explain(done)
    assert "0 lỗi" in done.stdout
    as_json = cli("validate", "--catalogue", PLAN, DATA, "--format", "json")
    report = json.loads(as_json.stdout)
    problems = report["problems"]
    assert (report["errors"], report["warnings"]) == (0, 0), problems[:10]
    assert report["rows_read"] == report["valid_rows"] == 48


# --- partrack progress -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def progress_rows():
    done = cli("progress", "--catalogue", PLAN, "--data", DATA, "--format", "csv")
    assert done.returncode == 0, _explain(done)
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_progress_covers_the_second_plans_units_only(progress_rows):
    units = sorted({r["unit"] for r in progress_rows})
    assert units == sorted(UNITS), f"units in the progress table of tỉnh Thử Nghiệm: {units}"


def test_progress_uses_the_plans_deadlines(progress_rows):
    deadlines = {(r["indicator"], r["deadline"]) for r in progress_rows if r["unit"] in UNITS}
    expected = {(i, "2028-06-30" if i == "paperless_one_stop" else "2030-12-31") for i in INDICATORS}
    assert deadlines == expected
    assert {r["period"] for r in progress_rows} == {"2026-Q3"}


def test_progress_computes_a_status_for_every_goal_with_figures(progress_rows):
    ours = [r for r in progress_rows if r["unit"] in UNITS]
    assert len(ours) == 3 * 3 + 5 * 1, [(r["indicator"], r["unit"]) for r in ours]  # 3 goals × 3 units, 5 × 1
    # one figure gives no trend: below its target it is "insufficient data" by the methodology (a single ranking)
    undecided = [(r["indicator"], r["unit"], r["status"], r["flags"]) for r in ours
                 if r["target_kind"] in NUMERIC_KINDS and r["status"] in ("insufficient_data", "not_assessed", "")
                 and float(r["n_obs"] or 0) > 1]  # fmt: skip
    assert undecided == [], "numeric goals with figures but no status"
    single = {(r["indicator"], r["status"]) for r in ours if r["target_kind"] == "rank_group"}
    assert single == {("par_index_rank", "insufficient_data"), ("papi_rank", "achieved")}
    qualitative = [r for r in ours if r["indicator"] == "shared_data_platform"]
    assert [r["status"] for r in qualitative] == ["on_track"]
    assert all(r["status"] for r in ours)


def test_progress_reads_the_baseline_year_before_the_plan_starts(progress_rows):
    """2025 is the baseline year of a plan that starts on 1/1/2026: its figures set the targets."""
    by_key = {(r["indicator"], r["unit"]): r for r in progress_rows}
    cut = {u: by_key.get(("standalone_systems", u), {}).get("target") for u in UNITS}
    assert {u: float(t) if t else None for u, t in cut.items()} == {"99": 102.0, "991": 34.0, "992": 25.5}, (
        "−15% vs the 2025 counts 120/40/30"
    )
    par, papi = by_key[("par_index_rank", PROVINCE)], by_key[("papi_rank", PROVINCE)]
    got = {k: (par[k], papi[k]) for k in ("value", "rank_of", "target", "score", "national_average")}
    assert got == {"value": ("12.0", "9.0"), "rank_of": ("34.0", "34.0"), "target": ("10.0", "17.0"),
                   "score": ("84.21", "45.12"), "national_average": ("83.47", "44.03")}  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_progress_table_for_people_names_the_plans_deadline_not_the_bundled_one(lang):
    done = cli("progress", "--catalogue", PLAN, "--data", DATA, "--lang", lang)
    assert done.returncode == 0, _explain(done)
    title = "Kế hoạch cải cách hành chính tỉnh Thử Nghiệm" if lang == "vi" else "Thử Nghiệm Province"
    assert title in done.stdout
    found = leaks(done.stdout, f"partrack progress --lang {lang}", table=True)
    assert found == [], "\n".join(found)
    assert "2030" in done.stdout, "the table never names the plan's deadline (2030)"


# --- partrack template ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["province", "district"])
def test_template_is_the_second_plans(level, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / f"mau_{level}.xlsx"
    done = cli("template", "--catalogue", PLAN, "--period", "2026-Q4", "--level", level, "--out", out)
    assert done.returncode == 0, _explain(done)
    book = load_workbook(out, read_only=True)
    cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
             if v is not None]  # fmt: skip
    text = "\n".join(cells)
    expected_units = {PROVINCE} if level == "province" else set(DISTRICTS)
    assert expected_units <= set(cells), f"units in the {level} template: {sorted(set(cells) & {*UNITS, '36'})}"
    found = leaks(text, f"partrack template --level {level}", table=True)
    assert found == [], "\n".join(found)


# --- charts (drawn from the second plan's progress table) -----------------------------------------


@pytest.fixture(scope="module")
def second_progress():
    from partrack.catalogue import load_catalogue
    from partrack.ingest.validate import validate
    from partrack.progress import compute_progress
    from partrack.units import units_for

    catalogue, units = load_catalogue(PLAN), units_for(PLAN)
    validation = validate([DATA], catalogue=catalogue, units=units)
    table = compute_progress(validation.observations, "latest", catalogue=catalogue, units=units)
    return catalogue, units, validation, table[table["unit"].isin(UNITS)]


def _svg_text(figure) -> str:
    """Every label of a chart (drawn as SVG text) and its alt text."""
    from partrack.charts import alt_text, figure_to_svg

    alt = alt_text(figure)
    labels = re.findall(r"<text\b[^>]*>(.*?)</text>", figure_to_svg(figure), flags=re.DOTALL)
    return _nfc(html.unescape(re.sub(r"<[^>]+>", "", " | ".join(labels))) + " | " + alt)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_name_the_plans_deadline_and_national_average(second_progress, lang):
    from partrack.charts import CHARTS

    catalogue, units, validation, table = second_progress
    observations, province = validation.observations, table[table["unit"] == PROVINCE]
    found, texts = [], {}
    for _, row in province[province["target_kind"].isin(NUMERIC_KINDS)].iterrows():
        if row["n_obs"] > 0:
            figure = CHARTS["trajectory"](observations, row, lang, catalogue=catalogue)
            texts[f"trajectory {row['indicator']}"] = _svg_text(figure)
    texts["rank_history"] = _svg_text(CHARTS["rank_history"](observations, PROVINCE, lang, catalogue=catalogue))
    texts["status_overview"] = _svg_text(CHARTS["status_overview"](table, PROVINCE, lang, catalogue=catalogue))
    texts["change"] = _svg_text(CHARTS["change"](table, PROVINCE, lang, catalogue=catalogue))
    districts = table[table["unit"].isin(DISTRICTS)]
    texts["heatmap"] = _svg_text(CHARTS["heatmap"](districts, lang, catalogue=catalogue, units=units))
    texts["bullet"] = _svg_text(CHARTS["bullet"](province, "indicator", lang, catalogue=catalogue, units=units))
    axis = JUSTIFIED_YEARS | {max(JUSTIFIED_YEARS) + 1}  # a time axis may run a tick past the deadline
    for name, text in texts.items():  # terse labels: "2025" alone is a tick, not a sentence to judge
        found += [f for f in leaks(text, f"chart {name} ({lang})", years=axis) if "not about the baseline" not in f]
    assert found == [], "\n".join(found)
    trajectory = texts.get("trajectory full_online_dossiers", "")
    deadline = ("31/12/2030",) if lang == "vi" else ("31 Dec 2030", "31 December 2030", "31/12/2030")
    assert any(d in trajectory for d in deadline), f"no deadline 31/12/2030 in the trajectory chart: {trajectory}"
    national = "83,47%" if lang == "vi" else "83.47%"
    assert national in texts["rank_history"], "the national average (unit XX of the plan) is not drawn"


# --- partrack run ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def overview_run(tmp_path_factory):
    """The overview of the province and both districts, in vi and en, as HTML and PDF (one run)."""
    out = tmp_path_factory.mktemp("second_overview")
    done = cli("run", "--catalogue", PLAN, "--data", DATA, "--out", out, "--units", "all", "--notebooks",
               "00_overview", "--lang", "vi,en", "--formats", "html,pdf", "--issued", "2026-09-30", "--quiet",
               timeout=1500)  # fmt: skip
    folders = [p for p in out.iterdir() if p.is_symlink()]
    return done, (folders[0] if folders else None)


@pytest.fixture(scope="module")
def area_run(tmp_path_factory):
    """The default set of briefs (overview + one per area of THIS plan) for the province, HTML only."""
    out = tmp_path_factory.mktemp("second_areas")
    done = cli("run", "--catalogue", PLAN, "--data", DATA, "--out", out, "--units", PROVINCE, "--lang", "vi,en",
               "--formats", "html", "--quiet", timeout=1500)  # fmt: skip
    folders = [p for p in out.iterdir() if p.is_symlink()]
    return done, (folders[0] if folders else None)


def test_run_overview_succeeds(overview_run):
    done, output = overview_run
    assert done.returncode == 0, _explain(done)
    assert output is not None and output.name == "2026-Q3"
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert {(n["unit"], n["lang"], n["status"]) for n in manifest["notebooks"]} == {
        (u, lang, "succeeded") for u in UNITS for lang in ("vi", "en")
    }
    for unit in UNITS:
        for lang in ("vi", "en"):
            assert (output / "html" / f"00_overview_{unit}_{lang}.html").is_file()
            assert (output / "pdf" / f"00_overview_{unit}_{lang}.pdf").is_file()


def _outputs(run, kinds=("html", "pdf")) -> dict[str, str]:
    done, output = run
    assert done.returncode == 0 and output is not None, _explain(done)
    texts = {}
    if "html" in kinds:
        for path in sorted([output / "index.html", *(output / "html").glob("*.html")]):
            texts[path.name] = html_text(path.read_text(encoding="utf-8"))
    if "pdf" in kinds:
        for path in sorted((output / "pdf").glob("*.pdf")):
            texts[path.name] = pdf_text(path)
    return texts


def test_run_overview_html_has_nothing_of_the_bundled_plan(overview_run):
    found = [f for name, text in _outputs(overview_run, ("html",)).items() for f in leaks(text, name)]
    assert found == [], "\n".join(found)


def test_run_overview_pdf_has_nothing_of_the_bundled_plan(overview_run):
    found = [f for name, text in _outputs(overview_run, ("pdf",)).items() for f in leaks(text, name)]
    assert found == [], "\n".join(found)


def test_run_overview_states_the_second_plans_own_facts(overview_run):
    texts = _outputs(overview_run, ("html",))
    vi, en = texts["00_overview_99_vi.html"], texts["00_overview_99_en.html"]
    missing = [s for s in ("UBND TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ", "TỈNH THỬ NGHIỆM GIAI ĐOẠN 2026 - 2030",
                           "45/KH-UBND", "Thử Nghiệm, ngày 30 tháng 9 năm 2026", "Quý III/2026") if s not in vi]  # fmt: skip
    missing += [] if re.search(r"20/0?1/2026|20 tháng 0?1 năm 2026", vi) else ["the plan's date 20/01/2026"]
    missing += [] if re.search(r"31/12/2030|31 tháng 12 năm 2030", vi) else ["the deadline 31/12/2030"]
    missing += [s for s in ("THỬ NGHIỆM PROVINCIAL PEOPLE'S COMMITTEE", "DEPARTMENT OF HOME AFFAIRS",
                            "THỬ NGHIỆM PROVINCE, 2026-2030", "45/KH-UBND", "Q3 2026", "2030") if s not in en]  # fmt: skip
    assert missing == []
    # The plan's own thresholds (0.9 / 0.4), not the bundled plan's 0.95 / 0.5.
    assert not re.search(r"(?<![\d,.])0,95(?!\d)", vi) and not re.search(r"(?<![\d,.])0\.95(?!\d)", en)
    assert re.search(r"(?<![\d,.])0,9(?![\d,])", vi) and re.search(r"(?<![\d,.])0,4(?![\d,])", vi)


def test_run_overview_rankings_use_each_rankings_score_unit_and_the_plans_national_average(overview_run):
    vi = _outputs(overview_run, ("html",))["00_overview_99_vi.html"]
    missing = [s for s in ("84,21%", "83,47%", "45,12 điểm", "44,03 điểm", "12/34", "9/34") if s not in vi]
    assert missing == [], "PAR INDEX is scored in %, PAPI in points (score_unit); XX is the national average"
    assert "84,21 điểm" not in vi and "45,12%" not in vi


def test_run_makes_one_brief_per_area_of_the_second_plan(area_run):
    done, output = area_run
    assert done.returncode == 0, _explain(done)
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    briefs = {(n["notebook"], n["lang"]): n["status"] for n in manifest["notebooks"]}
    expected = {(name, lang): "succeeded" for name in ("00_overview", *AREA_NOTEBOOKS) for lang in ("vi", "en")}
    assert briefs == expected
    areas = {n["notebook"]: (n.get("headline") or {}).get("notebook_area") for n in manifest["notebooks"]}
    assert areas == {"00_overview": None, **dict(zip(AREA_NOTEBOOKS, AREAS, strict=True))}
    texts = _outputs(area_run, ("html",))
    for name, (code, title) in zip(AREA_NOTEBOOKS, AREAS.items(), strict=True):
        vi = texts[f"{name}_{PROVINCE}_vi.html"]
        assert title in vi, f"{name}: the name of area {code!r} is missing"


def test_run_area_briefs_have_nothing_of_the_bundled_plan(area_run):
    found = [f for name, text in _outputs(area_run, ("html",)).items() for f in leaks(text, name)]
    assert found == [], "\n".join(found)
