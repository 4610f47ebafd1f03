"""``partrack run`` end to end: files, self-contained HTML, A4 PDF, manifest, failures, locking, Dask."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from conftest import FIXTURES, REPO
from partrack.catalogue import load_catalogue
from partrack.publish.parameters import load_parameters
from partrack.publish.runner import NothingProduced, RunLocked, plan_briefs, run

NOTEBOOK_NAMES = [b.name for b in plan_briefs(load_catalogue(), REPO / "notebooks", [])]

A4 = (595.28, 841.89)


def _nfc(text):
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text))


def test_all_files_exist(runs):
    output = runs[0].output
    assert output.is_symlink() and output.name == "2025-Q2"
    assert (output / "index.html").is_file() and (output / "manifest.json").is_file()
    for lang in ("vi", "en"):
        for name in NOTEBOOK_NAMES:
            assert (output / "html" / f"{name}_36_{lang}.html").is_file()
            assert (output / "pdf" / f"{name}_36_{lang}.pdf").is_file()
        assert (output / "pdf" / f"briefing_36_{lang}.pdf").is_file()


def test_html_is_self_contained_without_code(runs):
    for path in (runs[0].output / "html").glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=[\"']https?://", html), path.name
        assert 'class="jp-InputArea' not in html and "brief.open_brief" not in html
        assert "Tài liệu phục vụ tham mưu" in html or "advisory use" in html
    overview = (runs[0].output / "html" / "00_overview_36_vi.html").read_text(encoding="utf-8")
    assert "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH" in overview and "Quý II/2025" in overview
    assert "Số liệu minh họa" in overview and "Đã đạt" in overview and 'src="data:image/svg+xml;base64,' in overview


def _printed_number(text: str) -> int | None:
    """The page number printed at the top of a page (pypdf reads the margin boxes after the body)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return next((int(line) for line in reversed(lines[-3:]) if re.fullmatch(r"\d+", line)), None)


NATIONAL_TITLE = {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIET NAM"}


def test_pdf_is_a4_with_title_narrative_and_page_numbers(runs):
    reader = PdfReader(runs[0].output / "pdf" / "02_procedures_36_vi.pdf")
    assert all((round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) == (595.3, 841.9)
               for p in reader.pages)  # fmt: skip
    first, second = _nfc(reader.pages[0].extract_text()), _nfc(reader.pages[1].extract_text())
    assert "TỈNH NAM ĐỊNH GIAI ĐOẠN 2021 - 2025" in first
    assert "Lĩnh vực Cải cách thủ tục hành chính (mục 1.2 của Kế hoạch) có 14 chỉ tiêu" in first
    assert _printed_number(reader.pages[0].extract_text()) is None  # none on page 1
    assert _printed_number(reader.pages[1].extract_text()) == 2
    assert any(NATIONAL_TITLE["vi"] in line for line in reader.pages[0].extract_text().splitlines())  # one line
    assert "Tài liệu phục vụ tham mưu" in second  # the advisory note at the foot of every page
    fonts = {str(f) for page in reader.pages[:2] for f in page["/Resources"]["/Font"].values()}
    assert fonts


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_combined_briefing_is_numbered_straight_through_and_its_contents_give_the_printed_pages(runs, lang):
    reader = PdfReader(runs[0].output / "pdf" / f"briefing_36_{lang}.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert _printed_number(pages[0]) is None  # the cover
    assert [_printed_number(text) for text in pages[1:]] == list(range(2, len(pages) + 1))
    entries = [(name.strip(), int(page)) for name, page in re.findall(r"^(.+?) ?\.{4,} ?(\d+)\s*$", pages[0], re.M)]
    outline = [item for item in reader.outline if not isinstance(item, list)]
    assert [name for name, _ in entries] == [item.title for item in outline] and len(entries) == 9
    for (name, page), item in zip(entries, outline, strict=True):
        assert reader.get_destination_page_number(item) + 1 == page, name  # the bookmark and the contents agree
        assert _nfc(pages[page - 1]).startswith(_nfc(name)), name  # the part starts at the top of that page
        assert _printed_number(pages[page - 1]) == page  # the number printed on that page is the contents' number


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_combined_briefing_has_one_letterhead_and_the_national_title_on_one_line(runs, lang):
    reader = PdfReader(runs[0].output / "pdf" / f"briefing_36_{lang}.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.count(NATIONAL_TITLE[lang]) == 1
    assert any(NATIONAL_TITLE[lang] in line for line in reader.pages[0].extract_text().splitlines())


def test_combined_briefing_has_contents_and_bookmarks(runs):
    reader = PdfReader(runs[0].output / "pdf" / "briefing_36_vi.pdf")
    assert "MỤC LỤC" in _nfc(reader.pages[0].extract_text())
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:2] == ["Tổng quan", "1.1. Cải cách thể chế"] and len(titles) == 9
    assert titles[-2:] == ["1.7. Công tác chỉ đạo điều hành", "Phụ lục kỹ thuật"]
    assert isinstance(reader.outline[1], list)  # each part's sections are bookmarked under it


ANNEX = {  # the annex's opening line and its headings, per language
    "vi": ("Phụ lục dành cho chuyên viên", "Số liệu chưa báo cáo", "Kiểm tra số liệu", "Nguồn số liệu",
           "Phương pháp đánh giá"),
    "en": ("For the staff who monitor", "Figures not reported", "Data checks", "Sources", "How statuses are decided"),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_overview_is_a_leadership_edition_of_four_pages_and_its_annex_holds_the_data_notes(runs, lang):
    """Issue 12: the overview at the sample's latest period (Nam Định's close) fits in four pages before its annex;
    the file names, rows, revisions, missing reports, sources, method and version are in the annex, not before."""
    pages = [
        _nfc(page.extract_text()) for page in PdfReader(runs[0].output / "pdf" / f"00_overview_36_{lang}.pdf").pages
    ]
    start = next(n for n, text in enumerate(pages) if ANNEX[lang][0] in text)
    assert 3 <= start <= 4, f"{start} pages before the annex"
    leadership, annex = " ".join(pages[:start]), " ".join(pages[start:])
    assert all(heading in annex for heading in ANNEX[lang][1:])
    notes = ("2025-Q2_dieu_chinh.csv", "xep_hang_cong_bo.csv", "https://", "partrack", "Ý Yên")
    assert [n for n in notes if n in leadership] == [] and [n for n in notes if n not in annex] == []
    assert ("Không đạt" if lang == "vi" else "Not achieved") in leadership


def test_no_output_names_a_folder_of_this_machine(runs):
    data = str((REPO / "data" / "sample").resolve())
    for report in runs:
        folders = (data, str(report.output.resolve()), str(report.output.parent.resolve()))
        for path in sorted(p for p in report.output.rglob("*") if p.is_file()):
            if path.suffix == ".pdf":
                text = " ".join(page.extract_text() for page in PdfReader(path).pages)
            else:
                text = path.read_text(encoding="utf-8", errors="replace")
            found = [folder for folder in folders if folder in text]
            assert found == [], path.relative_to(report.output)


def test_html_pages_state_their_language_title_and_way_back(runs):
    for report in runs:
        for path in (report.output / "html").glob("*.html"):
            html = path.read_text(encoding="utf-8")
            lang = path.stem.rsplit("_", 1)[1]
            assert f'<html lang="{lang}">' in html, path.name
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert path.stem not in title and (" — " in title), (path.name, title)
            assert '<a href="../index.html">' in html, path.name
            assert ".status-achieved" in html  # the status legend is styled in the HTML too
    assert '<html lang="vi">' in (runs[0].output / "index.html").read_text(encoding="utf-8")


def test_every_link_is_relative_an_anchor_or_http(runs):
    for report in runs:
        for path in [report.output / "index.html", *(report.output / "html").glob("*.html")]:
            for href in re.findall(r'href="([^"]*)"', path.read_text(encoding="utf-8")):
                relative = not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) and not href.startswith(("/", "\\"))
                assert relative or href.startswith(("#", "http://", "https://")), (path.name, href)


def test_a_district_brief_compares_and_carries_only_its_own_notes(runs):
    html = (runs[1].output / "html" / "00_overview_358_vi.html").read_text(encoding="utf-8")
    assert "Xếp hạng của tỉnh" not in html and "So sánh với toàn tỉnh và các huyện, thành phố" in html
    annex = html[html.index('id="annex"') :]
    others = ("Ý Yên", "Vụ Bản", "Hải Hậu", "Giao Thủy", "Nghĩa Hưng")
    assert not [name for name in others if name in annex]


def test_manifest(runs):
    manifest = json.loads((runs[0].output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2025-Q2" and manifest["data_errors"] == 0
    assert len(manifest["notebooks"]) == 16 and {n["status"] for n in manifest["notebooks"]} == {"succeeded"}
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"]) and manifest["catalogue_sha256"]
    assert {"partrack", "pandas", "weasyprint"} <= set(manifest["versions"])
    assert manifest["issued"] == date.today().isoformat()  # the date of issue: the run's day unless given
    assert manifest["parameters"]["out"] == "<out>" and manifest["parameters"]["data"] == ["data/sample"]
    assert all(not i["path"].startswith("/") for i in manifest["inputs"])


def test_the_date_of_issue_is_a_run_parameter(tmp_path):
    report = run(load_parameters({"out": str(tmp_path), "notebooks": "04_civil_service", "langs": "vi,en",
                                  "formats": "html", "issued": "2025-07-20", "quiet": True}))  # fmt: skip
    assert report.exit_code == 0
    vi = (report.output / "html" / "04_civil_service_36_vi.html").read_text(encoding="utf-8")
    en = (report.output / "html" / "04_civil_service_36_en.html").read_text(encoding="utf-8")
    assert "Nam Định, ngày 20 tháng 7 năm 2025" in vi and "Nam Định, 20 July 2025" in en
    assert json.loads((report.output / "manifest.json").read_text(encoding="utf-8"))["issued"] == "2025-07-20"


def test_a_failing_notebook_keeps_the_others_and_the_previous_briefs(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(REPO / "notebooks" / "04_civil_service.ipynb", notebooks)
    shutil.copy(FIXTURES / "notebooks" / "broken.ipynb", notebooks)
    out = tmp_path / "out"
    good = run(load_parameters({"out": str(out), "notebooks": "04_civil_service", "notebook_dir": str(notebooks),
                                "langs": "vi", "formats": "html", "quiet": True}))  # fmt: skip
    assert good.exit_code == 0
    previous = (out / "2025-Q2" / "html" / "04_civil_service_36_vi.html").read_text(encoding="utf-8")
    bad = run(load_parameters({"out": str(out), "notebooks": "04_civil_service,broken", "notebook_dir": str(notebooks),
                               "langs": "vi", "formats": "html", "quiet": True}))  # fmt: skip
    assert bad.exit_code == 1
    [failed] = bad.failed
    assert failed.notebook == "broken" and "broken on purpose" in failed.error
    manifest = json.loads((out / "2025-Q2" / "manifest.json").read_text(encoding="utf-8"))
    statuses = {n["notebook"]: n["status"] for n in manifest["notebooks"]}
    assert statuses == {"04_civil_service": "succeeded", "broken": "failed"}
    assert (out / "2025-Q2" / "notebooks" / "broken_36_vi.ipynb").is_file()  # the partial notebook is kept
    assert (out / "2025-Q2" / "html" / "04_civil_service_36_vi.html").read_text(encoding="utf-8") == previous


def _hold_lock(out, seconds):
    """Another process (as a second `partrack run` would be) holding the output's lock for a while."""
    code = (f"import filelock, time; lock = filelock.FileLock({str(out / '.partrack.lock')!r}); lock.acquire(); "
            f"print('held', flush=True); time.sleep({seconds})")  # fmt: skip
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_run_on_the_same_output_is_refused_and_nothing_is_corrupted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = _hold_lock(out, 30)
    try:
        with pytest.raises(RunLocked, match="another run is writing"):
            run(load_parameters({"out": str(out), "notebooks": "04_civil_service", "quiet": True}))
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "2025-Q2").exists() and not list((out / ".runs").glob("*"))


def test_a_second_run_can_wait_for_the_first(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    holder = _hold_lock(out, 2)
    started = time.monotonic()
    report = run(load_parameters({"out": str(out), "notebooks": "04_civil_service", "langs": "vi", "formats": "html",
                                  "lock_timeout": 60, "quiet": True}))  # fmt: skip
    holder.wait()
    assert report.exit_code == 0 and time.monotonic() - started >= 1.5


def test_a_script_in_a_submitted_note_never_reaches_html_unescaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "sample", data)
    hostile = "indicator,unit,period,value,assessment,source,note\n" \
        "streamlined_apparatus,36,2025-Q2,,on_track,<script>alert('nguồn')</script>,<script>alert(1)</script>\n"  # fmt: skip
    (data / "zz_hostile.csv").write_text(hostile, encoding="utf-8")
    report = run(load_parameters({"out": str(tmp_path / "out"), "data": str(data), "langs": "vi", "formats": "html",
                                  "notebooks": "03_apparatus", "quiet": True}))  # fmt: skip
    html = (report.output / "html" / "03_apparatus_36_vi.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_dask_executor_produces_the_same_files(tmp_path):
    common = {"notebooks": "00_overview,04_civil_service", "langs": "vi", "formats": "html", "quiet": True}
    local = run(load_parameters({"out": str(tmp_path / "local"), **common}))
    dask = run(load_parameters({"out": str(tmp_path / "dask"), "executor": "dask", "workers": 1, **common}))
    assert local.exit_code == dask.exit_code == 0
    names = sorted(p.relative_to(local.output) for p in local.output.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(dask.output) for p in dask.output.rglob("*") if p.is_file())
    for name in ("html/00_overview_36_vi.html", "html/04_civil_service_36_vi.html"):
        assert (local.output / name).read_bytes() == (dask.output / name).read_bytes()


def test_a_killed_run_leaves_the_last_good_briefs_in_place(tmp_path):
    out = tmp_path / "out"
    common = {"out": str(out), "notebooks": "04_civil_service", "langs": "vi", "formats": "html", "quiet": True}
    assert run(load_parameters(common)).exit_code == 0
    good = (out / "2025-Q2").resolve()
    before = (out / "2025-Q2" / "html" / "04_civil_service_36_vi.html").read_bytes()
    code = ("from partrack.publish.parameters import load_parameters; from partrack.publish.runner import run; "
            f"run(load_parameters({{'out': {str(out)!r}, 'langs': 'vi', 'quiet': True}}))")  # fmt: skip
    victim = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    deadline = time.monotonic() + 120
    while not list((out / ".runs").glob("*.partial/notebooks/*.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(victim.pid, signal.SIGKILL)  # the run and its workers and kernels, mid-way
    victim.wait()
    assert (out / "2025-Q2").resolve() == good
    assert (out / "2025-Q2" / "html" / "04_civil_service_36_vi.html").read_bytes() == before
    assert list((out / ".runs").glob("*.partial"))  # the half-done run stayed apart from the briefs
    assert run(load_parameters(common)).exit_code == 0  # the next run clears it and proceeds
    assert not list((out / ".runs").glob("*.partial"))


def test_a_run_with_nothing_to_produce_is_refused_and_keeps_the_last_briefs(tmp_path):
    common = {"out": str(tmp_path), "notebooks": "04_civil_service", "langs": "vi", "formats": "html", "quiet": True}
    assert run(load_parameters({**common, "period": "2025-Q4", "units": "36"})).exit_code == 0
    before = sorted(p.name for p in (tmp_path / "2025-Q4" / "html").iterdir())
    with pytest.raises(NothingProduced, match="no unit of \\['all'\\] existed"):
        run(load_parameters({**common, "period": "2025-Q4", "units": "all"}))  # districts and Nam Định ended 30/6
    assert sorted(p.name for p in (tmp_path / "2025-Q4" / "html").iterdir()) == before
