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
    assert "Số liệu minh họa" in overview and "Đúng tiến độ" in overview and 'src="data:image/png;base64,' in overview


def test_pdf_is_a4_with_title_narrative_and_page_numbers(runs):
    reader = PdfReader(runs[0].output / "pdf" / "02_procedures_36_vi.pdf")
    assert all((round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) == (595.3, 841.9)
               for p in reader.pages)  # fmt: skip
    first, second = _nfc(reader.pages[0].extract_text()), _nfc(reader.pages[1].extract_text())
    assert "TỈNH NAM ĐỊNH GIAI ĐOẠN 2021 - 2025" in first
    assert "Lĩnh vực Cải cách thủ tục hành chính (mục 1.2 của Kế hoạch) có 14 chỉ tiêu" in first
    standalone = r"(^|\s){}(\s|$)"
    assert not re.search(standalone.format(1) + r"\s*$", first) and not re.match(r"\s*1\s", first)  # none on page 1
    assert re.match(r"\s*2\s", second) or re.search(r"\s2\s*$", second)  # page 2 is numbered
    fonts = {str(f) for page in reader.pages[:2] for f in page["/Resources"]["/Font"].values()}
    assert fonts


def test_combined_briefing_has_contents_and_bookmarks(runs):
    reader = PdfReader(runs[0].output / "pdf" / "briefing_36_vi.pdf")
    assert "MỤC LỤC" in _nfc(reader.pages[0].extract_text())
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[:2] == ["Tổng quan", "1.1. Cải cách thể chế"] and len(titles) == 8
    assert titles[-1] == "1.7. Công tác chỉ đạo điều hành"


def test_manifest(runs):
    manifest = json.loads((runs[0].output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2025-Q2" and manifest["data_errors"] == 0
    assert len(manifest["notebooks"]) == 16 and {n["status"] for n in manifest["notebooks"]} == {"succeeded"}
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"]) and manifest["catalogue_sha256"]
    assert {"partrack", "pandas", "weasyprint"} <= set(manifest["versions"])


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
