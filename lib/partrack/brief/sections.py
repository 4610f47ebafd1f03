"""The sections of a brief, each one HTML block built from the progress table (charts + paragraphs).

Every text from a submission (notes, sources) is escaped by the narrative templates or ``escape``.
Figures are embedded as PNG data with their alt text, so an exported brief needs no network.
"""

from __future__ import annotations

import base64
import json

import pandas as pd
from IPython.display import HTML, display
from markupsafe import Markup, escape

from partrack.brief.context import Brief
from partrack.catalogue.model import NUMERIC_KINDS
from partrack.charts import CHARTS, alt_text, figure_to_png
from partrack.narrative.formatting import difference, long_date, number, value_with_unit
from partrack.narrative.labels import assessment_label, flag_labels, status_label
from partrack.narrative.render import STATUS_ORDER, area_paragraph, indicator_paragraph, overview_paragraph
from partrack.narrative.render import most_behind as behind_rows
from partrack.progress import missing_reports

HEADLINE_MIME = "application/vnd.partrack.headline+json"
BULLETS_PER_AREA = 3

WORDS = {
    "vi": {
        "issuer": "UBND TỈNH NAM ĐỊNH", "office": "SỞ NỘI VỤ", "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc", "advisory": "Tài liệu phục vụ tham mưu — không phải văn bản ban hành",
        "illustrative": "Số liệu minh họa", "title": "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH",
        "basis": "Kế hoạch số {number} ngày {date} của UBND tỉnh; số liệu đến hết {period}",
        "legend": "Trạng thái", "goal": "Chỉ tiêu", "ref": "Mục", "value": "Giá trị", "target": "Mục tiêu",
        "gap": "Còn thiếu", "projected": "Dự báo 2025", "status": "Trạng thái", "notes": "Lưu ý",
        "districts": "So sánh các huyện, thành phố", "qualitative": "Mục tiêu định tính và mục tiêu hoàn thành",
        "assessment": "Đánh giá", "evidence": "Căn cứ", "data_notes": "Ghi chú về số liệu",
        "no_districts": "Không có số liệu cấp huyện cho lĩnh vực này.", "none": "Không có.",
        "not_reported": "Chưa báo cáo kỳ này", "warnings": "Cảnh báo khi kiểm tra số liệu",
        "errors": "Lỗi số liệu (các dòng bị giữ lại, không dùng để tính)", "sources": "Nguồn số liệu",
        "behind": "Các chỉ tiêu cần ưu tiên", "changes": "Thay đổi so với kỳ trước", "rankings": "Xếp hạng của tỉnh",
        "method": "Phương pháp", "quality": "Chất lượng số liệu", "summary": "Tóm tắt", "unit": "Đơn vị",
        "lead": "Cơ quan chủ trì", "explore": "Chọn chỉ tiêu và đơn vị",
    },
    "en": {
        "issuer": "NAM ĐỊNH PROVINCIAL PEOPLE'S COMMITTEE", "office": "DEPARTMENT OF HOME AFFAIRS",
        "nation": "SOCIALIST REPUBLIC OF VIET NAM", "motto": "Independence - Freedom - Happiness",
        "advisory": "Briefing for advisory use — not an official issuance", "illustrative": "Illustrative data",
        "title": "PROGRESS OF THE PUBLIC ADMINISTRATION REFORM PLAN OF",
        "basis": "Plan No. {number} of {date} of the Provincial People's Committee; data up to the end of {period}",
        "legend": "Status", "goal": "Goal", "ref": "Ref", "value": "Value", "target": "Target", "gap": "Gap",
        "projected": "2025 projection", "status": "Status", "notes": "Notes",
        "districts": "Districts compared", "qualitative": "Qualitative and yes/no goals", "assessment": "Assessment",
        "evidence": "Evidence", "data_notes": "Notes on the data", "no_districts": "No district figures in this area.",
        "none": "None.", "not_reported": "Not reported this period", "warnings": "Warnings from the data check",
        "errors": "Data errors (rows held back, not used)", "sources": "Sources", "behind": "Goals needing attention",
        "changes": "Changes since the previous period", "rankings": "The province's national rankings",
        "method": "Method", "quality": "Data quality", "summary": "Summary", "unit": "Unit", "lead": "Lead agency",
        "explore": "Pick a goal and a unit",
    },
}  # fmt: skip

METHOD = {
    "vi": (
        "Trạng thái của mỗi chỉ tiêu được xác định bằng cách so sánh giá trị dự báo đến 31/12/2025, theo xu hướng "
        "bình phương nhỏ nhất của các kỳ báo cáo kể từ năm 2021, với mức cần đạt theo Kế hoạch. Tỷ lệ giữa tiến độ "
        "dự báo và tiến độ cần thiết từ 0,95 trở lên là “Đúng tiến độ”, từ 0,5 đến dưới 0,95 là “Cần đẩy nhanh”, "
        "dưới 0,5 là “Chậm tiến độ”, âm là “Đi lùi”; chỉ tiêu chưa đạt mốc năm được xếp “Cần đẩy nhanh”. Mục tiêu "
        "định tính được đánh giá theo báo cáo của cơ quan chủ trì; các con số của từng chỉ tiêu có trong bảng tiến "
        "độ (partrack progress) để kiểm chứng."
    ),
    "en": (
        "Each goal's status compares where its trend — a least-squares line through the reports since 2021 — "
        "would take it by 31 December 2025 with what the plan requires. A ratio of projected to required progress "
        "of 0.95 or more is “on track”, 0.5 to 0.95 “needs acceleration”, below 0.5 “off track”, below zero "
        "“regressing”; a goal below its yearly minimum needs acceleration. Qualitative goals follow the lead "
        "agency's assessment, and every figure behind a status is in the progress table (partrack progress)."
    ),
}


def _h(level: int, text: str) -> Markup:
    return Markup(f"<h{level}>{escape(text)}</h{level}>")


def _figure(figure) -> Markup:
    alt = alt_text(figure)
    data = base64.b64encode(figure_to_png(figure)).decode("ascii")
    return Markup(f'<figure class="chart"><img src="data:image/png;base64,{data}" alt="{escape(alt)}"/></figure>')


def _status_chip(status: str, lang: str) -> Markup:
    return Markup(f'<span class="status status-{escape(status)}">{escape(status_label(status, lang))}</span>')


def _html(*parts: object) -> HTML:
    return HTML(str(Markup("").join(Markup(p) if isinstance(p, Markup) else escape(p) for p in parts)))


def _name(brief: Brief, indicator: str) -> str:
    item = brief.catalogue.indicator(indicator)
    return item.name(brief.lang)


def header(brief: Brief) -> HTML:
    """The official heading: issuer, national motto, title, period in words, basis, banner, status legend."""
    w, plan, lang = WORDS[brief.lang], brief.catalogue.plan, brief.lang
    area = brief.catalogue.area(brief.area) if brief.area else None
    unit = brief.unit.name(lang)
    subtitle = (area.number + ". " + area.name(lang)) if area else ""
    basis = w["basis"].format(number=plan.number, date=f"{plan.date:%d/%m/%Y}", period=brief.period.inline_label(lang))
    dated = (
        f"{plan.province_name}, {long_date(brief.period.end, lang)}"
        if lang == "vi"
        else long_date(brief.period.end, lang)
    )
    banners = [w["advisory"]] + ([w["illustrative"]] if brief.illustrative else [])
    legend = "".join(str(_status_chip(s, lang)) for s in STATUS_ORDER)
    return _html(
        Markup('<header class="brief-header"><table class="letterhead"><tr><td>'),
        w["issuer"], Markup("<br/><strong>"), w["office"], Markup("</strong></td><td><strong>"), w["nation"],
        Markup("</strong><br/><u>"), w["motto"], Markup("</u><br/><em>"), dated, Markup("</em></td></tr></table>"),
        Markup('<p class="banner">'), " · ".join(banners), Markup("</p><h1>"), w["title"], Markup("<br/>"),
        plan.scope(lang).upper(), Markup("</h1>"),
        Markup('<p class="subtitle">'), subtitle + (" — " if subtitle else "") + unit, Markup("<br/>"),
        brief.period.label(lang), Markup('</p><p class="basis">('), basis, Markup(')</p><p class="legend">'),
        w["legend"] + ": ", Markup(legend), Markup("</p></header>"),
    )  # fmt: skip


def plan_summary(brief: Brief) -> HTML:
    """The plan in one paragraph, with what changed since the previous period."""
    return _html(_h(2, "I. " + WORDS[brief.lang]["summary"]),
                 overview_paragraph(brief.table, brief.params.unit, brief.lang, brief.catalogue, brief.units))  # fmt: skip


def status_overview(brief: Brief) -> HTML:
    """Status counts per area (chart)."""
    figure = CHARTS["status_overview"](brief.table, brief.params.unit, brief.lang, brief.catalogue,
                                       illustrative=brief.illustrative)  # fmt: skip
    return _html(_figure(figure))


def most_behind(brief: Brief, limit: int = 5) -> HTML:
    """The goals furthest behind, with their paragraphs and a bullet chart."""
    rows = behind_rows(brief.own[brief.own["target_kind"].isin(NUMERIC_KINDS)], limit)
    parts = [_h(2, "II. " + WORDS[brief.lang]["behind"])]
    if rows.empty:
        parts.append(WORDS[brief.lang]["none"])
    for _, row in rows.iterrows():
        parts.append(indicator_paragraph(row, brief.lang, brief.catalogue, brief.units))
    percent = rows[rows["measure"] == "percent"]
    if len(percent):
        parts.append(_figure(CHARTS["bullet"](percent, "indicator", brief.lang, brief.catalogue, brief.units,
                                              illustrative=brief.illustrative)))  # fmt: skip
    return _html(*parts)


def changes(brief: Brief) -> HTML:
    """What moved since the previous period (chart)."""
    figure = CHARTS["change"](brief.table, brief.params.unit, brief.lang, brief.catalogue,
                              illustrative=brief.illustrative)  # fmt: skip
    return _html(_h(3, WORDS[brief.lang]["changes"]), _figure(figure))


def rankings(brief: Brief) -> HTML:
    """PAR INDEX, SIPAS and PAPI: paragraphs and rank history."""
    rows = brief.table[(brief.table["unit"] == brief.catalogue.plan.province)
                       & (brief.table["target_kind"] == "rank_group")]  # fmt: skip
    parts = [_h(2, "III. " + WORDS[brief.lang]["rankings"])]
    parts += [indicator_paragraph(r, brief.lang, brief.catalogue, brief.units) for _, r in rows.iterrows()]
    ranked = brief.validation.observations
    indicators = tuple(rows["indicator"])
    if indicators:
        parts.append(_figure(CHARTS["rank_history"](ranked, brief.catalogue.plan.province, indicators, brief.lang,
                                                    brief.catalogue)))  # fmt: skip
    return _html(*parts)


def area_summary(brief: Brief) -> HTML:
    """The area's summary paragraph (counts, share on track, goals to prioritise, lead agency)."""
    return _html(area_paragraph(brief.table, brief.area, brief.params.unit, brief.lang, brief.catalogue, brief.units))


def status_table(brief: Brief) -> HTML:
    """Every goal of the area for the unit: value, target, gap, projection, status and flags."""
    w, lang = WORDS[brief.lang], brief.lang
    head = "".join(f"<th>{escape(w[k])}</th>" for k in ("ref", "goal", "value", "target", "gap", "projected",
                                                         "status", "notes"))  # fmt: skip
    body = []
    held = set(brief.validation.quarantine["indicator"].dropna()) if len(brief.validation.quarantine) else set()
    for _, row in brief.own.iterrows():
        item = brief.catalogue.indicator(row["indicator"])
        if row["target_kind"] == "qualitative":
            value = assessment_label(row["assessment"], lang) if pd.notna(row["assessment"]) else "—"
        else:
            value = value_with_unit(row["value"], row["measure"], lang) if pd.notna(row["value"]) else "—"
        cells = [
            item.plan_ref,
            _name(brief, row["indicator"]),
            value,
            value_with_unit(row["target"], row["measure"], lang) if pd.notna(row["target"]) else "—",
            _short_gap(row, lang),
            value_with_unit(row["projected"], row["measure"], lang) if pd.notna(row["projected"]) else "—",
        ]
        body.append(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells)
            + f"<td>{_status_chip(row['status'], lang)}</td><td>{escape(_notes(row, held, lang))}</td></tr>"
        )  # fmt: skip
    return _html(
        Markup(f'<table class="status-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    )


def _notes(row: pd.Series, held: set[str], lang: str) -> str:
    """The row's flags in words, and a warning when rows of this goal were held back as errors."""
    notes = flag_labels(row["flags"], lang)
    if row["indicator"] in held:
        warning = "có dòng số liệu lỗi bị giữ lại" if lang == "vi" else "rows with errors held back"
        notes = f"{notes}, {warning}" if notes else warning
    return notes


def _short_gap(row: pd.Series, lang: str) -> str:
    """The gap for a table cell: "13,6 điểm %" (prose says "điểm phần trăm"); nothing when achieved."""
    if pd.isna(row["gap"]) or row["gap"] == 0:
        return "—"
    if row["measure"] == "percent":
        return f"{number(row['gap'], lang, 1)} {'điểm %' if lang == 'vi' else 'pp'}"
    return difference(row["gap"], row["measure"], lang)


def indicator_sections(brief: Brief) -> HTML:
    """One block per numeric goal: heading, trajectory chart, paragraph."""
    parts = []
    for _, row in brief.own[brief.own["target_kind"].isin(NUMERIC_KINDS)].iterrows():
        item = brief.catalogue.indicator(row["indicator"])
        parts.append(_h(3, f"{item.plan_ref} — {_name(brief, row['indicator'])}"))
        if row["n_obs"] > 0:
            parts.append(_figure(CHARTS["trajectory"](brief.validation.observations, row, brief.lang, brief.catalogue,
                                                      illustrative=brief.illustrative)))  # fmt: skip
        parts.append(indicator_paragraph(row, brief.lang, brief.catalogue, brief.units))
    return _html(*parts)


def district_comparison(brief: Brief) -> HTML:
    """The districts side by side: heat map of statuses and, per percent goal, a bullet chart."""
    w = WORDS[brief.lang]
    province = brief.catalogue.plan.province
    districts = brief.table[(brief.table["level"] == "district") & (brief.table["area"] == brief.area)
                            & (brief.table["unit"].isin([u.code for u in brief.units.children(province)]))]  # fmt: skip
    parts = [_h(2, w["districts"])]
    if districts.empty or districts["value"].isna().all():
        return _html(*parts, w["no_districts"])
    parts.append(_figure(CHARTS["heatmap"](districts, brief.lang, brief.catalogue, brief.units,
                                           illustrative=brief.illustrative)))  # fmt: skip
    behind = districts[districts["measure"] == "percent"].groupby("indicator")["ratio"].median().sort_values()
    for indicator in behind.index[:BULLETS_PER_AREA]:  # the goals where districts lag most, drawn as bars
        rows = districts[districts["indicator"] == indicator]
        if rows["value"].notna().any():
            parts.append(_figure(CHARTS["bullet"](rows, "unit", brief.lang, brief.catalogue, brief.units,
                                                  illustrative=brief.illustrative,
                                                  title=_name(brief, indicator))))  # fmt: skip
    return _html(*parts)


def qualitative_goals(brief: Brief) -> HTML:
    """Qualitative and yes/no goals with the analyst's assessment and the evidence note."""
    w, lang = WORDS[brief.lang], brief.lang
    rows = brief.own[~brief.own["target_kind"].isin(NUMERIC_KINDS)]
    parts = [_h(2, w["qualitative"])]
    if rows.empty:
        return _html(*parts, w["none"])
    for _, row in rows.iterrows():
        item = brief.catalogue.indicator(row["indicator"])
        parts.append(indicator_paragraph(row, lang, brief.catalogue, brief.units))
        parts.append(Markup('<blockquote class="plan-text">') + escape(f"{item.plan_ref}: {item.text_vi}")
                     + Markup("</blockquote>"))  # fmt: skip
    return _html(*parts)


def data_notes(brief: Brief) -> HTML:
    """Who has not reported, validation warnings and errors for these goals, the sources used."""
    w, lang = WORDS[brief.lang], brief.lang
    indicators = set(brief.own["indicator"])
    missing = missing_reports(brief.table[brief.table["indicator"].isin(indicators)])
    parts = [_h(2, "IV. " + w["quality"] if brief.area is None else w["data_notes"])]
    if brief.area is not None:
        parts.append(Markup("<p>") + escape(f"{w['lead']}: {brief.catalogue.area(brief.area).lead_agency}.")
                     + Markup("</p>"))  # fmt: skip
    unit_names = {u.code: u.name(lang) for u in brief.units}
    if len(missing):
        counts = missing.groupby("unit")["indicator"].count()
        listed = ", ".join(f"{unit_names[c]} ({n})" for c, n in counts.items())
        parts.append(Markup("<p>") + escape(f"{w['not_reported']}: {listed}.") + Markup("</p>"))
    problems = [p for p in brief.validation.problems if brief.area is None or p.rule not in ("no_figure",)]
    for severity, title in (("error", w["errors"]), ("warning", w["warnings"])):
        found = [p for p in problems if p.severity == severity]
        if found:
            items = "".join(
                f"<li>{escape(p.file.split('/')[-1])}{escape(f', {p.row}' if p.row else '')}: {escape(p.message(lang))}</li>"
                for p in found[:12]
            )
            more = f"<li>… {len(found) - 12}</li>" if len(found) > 12 else ""
            parts.append(Markup(f"<p>{escape(title)}:</p><ul>{items}{more}</ul>"))
    observations = brief.validation.observations
    used = observations[observations["indicator"].isin(indicators)]["source"].dropna().unique()
    if len(used):
        items = "".join(f"<li>{escape(s)}</li>" for s in sorted(used)[:10])
        parts.append(Markup(f"<p>{escape(w['sources'])}:</p><ul class='sources'>{items}</ul>"))
    return _html(*parts)


def method_note(brief: Brief) -> HTML:
    """The method in three sentences."""
    return _html(
        _h(2, "V. " + WORDS[brief.lang]["method"]), Markup("<p>") + escape(METHOD[brief.lang]) + Markup("</p>")
    )


def headline(brief: Brief) -> dict:
    """The brief's headline numbers: status counts and each goal's status, value and target."""
    rows = brief.own
    counts = rows["status"].value_counts()
    return {
        "notebook_area": brief.area,
        "unit": brief.params.unit,
        "period": brief.period.code,
        "lang": brief.lang,
        "status_counts": {s: int(counts[s]) for s in counts.index},
        "indicators": {
            r["indicator"]: {
                "status": r["status"],
                "value": None if pd.isna(r["value"]) else float(r["value"]),
                "target": None if pd.isna(r["target"]) else float(r["target"]),
            }
            for _, r in rows.iterrows()
        },
    }


def record_headline(brief: Brief) -> None:
    """Display the headline numbers as machine-readable output that tests and the overview read back."""
    data = headline(brief)
    display({HEADLINE_MIME: data, "text/plain": json.dumps(data, ensure_ascii=False)[:200]}, raw=True)


def explorer(brief: Brief):
    """Dropdowns for an indicator and a unit: the series, target path, projection and paragraph (analysts)."""
    import ipywidgets as widgets

    numeric = brief.table[brief.table["target_kind"].isin(NUMERIC_KINDS)]
    indicator = widgets.Dropdown(options=[(_name(brief, i), i) for i in dict.fromkeys(numeric["indicator"])],
                                 description=WORDS[brief.lang]["goal"])  # fmt: skip
    unit = widgets.Dropdown(description=WORDS[brief.lang]["unit"])
    output = widgets.Output()

    def units_for(change=None):
        codes = list(dict.fromkeys(numeric.loc[numeric["indicator"] == indicator.value, "unit"]))
        unit.options = [(brief.units[c].name(brief.lang), c) for c in codes]

    def draw(change=None):
        output.clear_output(wait=True)
        rows = numeric[(numeric["indicator"] == indicator.value) & (numeric["unit"] == unit.value)]
        if rows.empty:
            return
        row = rows.iloc[0]
        with output:
            display(_html(_figure(CHARTS["trajectory"](brief.validation.observations, row, brief.lang,
                                                       brief.catalogue, illustrative=brief.illustrative)),
                          indicator_paragraph(row, brief.lang, brief.catalogue, brief.units)))  # fmt: skip

    indicator.observe(units_for, names="value")
    indicator.observe(draw, names="value")
    unit.observe(draw, names="value")
    units_for()
    draw()
    return widgets.VBox([widgets.HTML(f"<b>{escape(WORDS[brief.lang]['explore'])}</b>"), indicator, unit, output])
