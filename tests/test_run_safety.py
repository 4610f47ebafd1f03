"""A run never loses a file and never hangs: each attack built here, on real runs, kernels and signals."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import FIXTURES, REPO
from partrack.cli import main

PARTRACK = [sys.executable, "-m", "partrack.cli"]
QUICK = ["--notebooks", "04_civil_service", "--lang", "vi", "--formats", "html", "--quiet"]


def _notebooks(tmp_path: Path) -> Path:
    """The civil-service notebook beside the misbehaving fixtures (sleeps, dies, broken)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(REPO / "notebooks" / "04_civil_service.ipynb", folder)
    for path in (FIXTURES / "notebooks").glob("*.ipynb"):
        shutil.copy(path, folder)
    return folder


def _params(tmp_path: Path, **values) -> str:
    path = tmp_path / "params.yaml"
    path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in values.items()), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def good_out(tmp_path_factory):
    """An output folder holding one good run of 2025-Q2 (the briefs every failed run must leave alone)."""
    out = tmp_path_factory.mktemp("good") / "out"
    assert main(["run", "--out", str(out), *QUICK]) == 0
    return out


def _snapshot(out: Path) -> dict:
    target = out / "2025-Q2"
    return {"link": os.readlink(target), **{str(p.relative_to(target)): p.read_bytes()
                                           for p in target.rglob("*") if p.is_file()}}  # fmt: skip


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid``, from /proc (workers, kernels, their children)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and {p for p in pids if _alive(p)}:
        time.sleep(0.2)
    return {p for p in pids if _alive(p)}


# --- swap-in only touches what partrack made --------------------------------------------------------------


def test_a_real_folder_at_the_period_is_the_users_and_is_never_touched(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "2025-Q2").mkdir(parents=True)
    (out / "2025-Q2" / "my_report.docx").write_bytes(b"the user's own work")
    assert main(["run", "--out", str(out), "--period", "2025-Q2", *QUICK]) == 2
    message = capsys.readouterr().err
    assert f"{out / '2025-Q2'}" in message and "not made by partrack" in message and "Traceback" not in message
    assert (out / "2025-Q2" / "my_report.docx").read_bytes() == b"the user's own work"
    assert not (out / ".runs").exists() or not any((out / ".runs").iterdir())


def test_a_link_to_a_folder_elsewhere_is_refused_and_the_folder_kept(tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "2025-Q2").symlink_to(elsewhere)
    assert main(["run", "--out", str(out), "--period", "2025-Q2", *QUICK]) == 2
    assert "is a link to" in capsys.readouterr().err
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "keep" and (out / "2025-Q2").is_symlink()


def test_a_link_found_only_after_validation_is_refused_too(tmp_path, capsys):
    """``--period latest`` is known only once the data is read: the check runs again then."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "2025-Q2").symlink_to(elsewhere)
    assert main(["run", "--out", str(out), *QUICK]) == 2
    assert elsewhere.is_dir() and (out / "2025-Q2").is_symlink()
    assert not [p for p in (out / ".runs").iterdir() if p.name.endswith((".partial", ".work"))]


@pytest.mark.parametrize("out", ["/", "/etc/partrack", "/usr", "/proc/self"])
def test_system_folders_are_refused(out, capsys):
    assert main(["run", "--out", out, *QUICK]) == 2
    assert "system folder" in capsys.readouterr().err


def test_an_out_that_is_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["run", "--out", str(tmp_path / "file"), *QUICK]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_only_run_folders_are_cleared_from_runs(good_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(good_out, out, symlinks=True)
    stale = out / ".runs" / "2025-Q2-20200101T000000-1.partial"
    stale.mkdir()
    mine = out / ".runs" / "my-notes"
    mine.mkdir()
    (mine / "n.txt").write_text("mine", encoding="utf-8")
    before = os.readlink(out / "2025-Q2")
    assert main(["run", "--out", str(out), *QUICK]) == 0
    assert not stale.exists() and (mine / "n.txt").read_text(encoding="utf-8") == "mine"
    assert os.readlink(out / "2025-Q2") != before and not (out / before).exists()  # the replaced run, ours


# --- a run that produces nothing never swaps in ----------------------------------------------------------


def test_an_empty_data_folder_keeps_the_last_briefs(good_out, tmp_path, capsys):
    before = _snapshot(good_out)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["run", "--out", str(good_out), "--data", str(empty), "--period", "2025-Q2", *QUICK]) == 1
    assert "no data file was read" in capsys.readouterr().err
    assert _snapshot(good_out) == before


def test_data_without_a_valid_row_keeps_the_last_briefs(good_out, tmp_path, capsys):
    before = _snapshot(good_out)
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,unit,period,value\nnope,36,2025-Q2,1\n", encoding="utf-8")
    assert main(["run", "--out", str(good_out), "--data", str(bad), "--period", "2025-Q2", *QUICK]) == 1
    assert "no valid row" in capsys.readouterr().err
    assert _snapshot(good_out) == before


def test_an_unknown_notebook_is_a_usage_error_before_any_work(good_out, capsys):
    before = _snapshot(good_out)
    assert main(["run", "--out", str(good_out), "--notebooks", "nope", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "unknown notebook(s): nope" in err and "04_civil_service" in err
    assert _snapshot(good_out) == before


def test_a_run_whose_every_brief_failed_keeps_the_last_briefs_and_says_why(good_out, tmp_path, capsys):
    before = _snapshot(good_out)
    params = _params(tmp_path, notebook_dir=str(_notebooks(tmp_path)))
    code = main(["run", "--out", str(good_out), "--params", params, "--notebooks", "broken", "--lang", "vi",
                 "--formats", "html", "--quiet"])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "every brief failed" in err and "broken on purpose" in err
    assert _snapshot(good_out) == before
    runs = good_out / ".runs"
    assert not [p for p in runs.iterdir() if p.name.endswith((".partial", ".work"))]
    [failed] = [p for p in runs.glob("*.failed.json") if "broken" in p.read_text(encoding="utf-8")]
    assert json.loads(failed.read_text(encoding="utf-8"))["notebooks"][0]["status"] == "failed"


# --- kernels cannot hang a run ---------------------------------------------------------------------------


def test_a_cell_that_never_ends_is_stopped_by_execution_timeout(tmp_path, capsys):
    params = _params(tmp_path, notebook_dir=str(_notebooks(tmp_path)), execution_timeout=3, workers=1)
    started = time.monotonic()
    code = main(["run", "--out", str(tmp_path / "out"), "--params", params, "--notebooks", "sleeps,04_civil_service",
                 "--lang", "vi", "--formats", "html", "--quiet"])  # fmt: skip
    assert code == 1 and time.monotonic() - started < 90
    manifest = json.loads((tmp_path / "out" / "2025-Q2" / "manifest.json").read_text(encoding="utf-8"))
    outcome = {n["notebook"]: (n["status"], n["error"]) for n in manifest["notebooks"]}
    assert outcome["sleeps"][0] == "timeout" and "execution_timeout = 3 s" in outcome["sleeps"][1]
    assert outcome["04_civil_service"] == ("succeeded", None)  # the next notebook got a fresh kernel


def test_a_notebook_over_its_wall_clock_budget_is_stopped(tmp_path):
    params = _params(tmp_path, notebook_dir=str(_notebooks(tmp_path)), task_timeout=4, workers=1)
    started = time.monotonic()
    code = main(["run", "--out", str(tmp_path / "out"), "--params", params, "--notebooks", "sleeps", "--lang", "vi",
                 "--formats", "html", "--quiet"])  # fmt: skip
    assert code == 1 and time.monotonic() - started < 60
    [failed] = (tmp_path / "out" / ".runs").glob("*.failed.json")
    assert "task_timeout = 4 s" in failed.read_text(encoding="utf-8")


def test_a_kernel_that_dies_fails_its_brief_in_seconds(tmp_path):
    params = _params(tmp_path, notebook_dir=str(_notebooks(tmp_path)), workers=1)
    started = time.monotonic()
    code = main(["run", "--out", str(tmp_path / "out"), "--params", params, "--notebooks", "dies,04_civil_service",
                 "--lang", "vi", "--formats", "html", "--quiet"])  # fmt: skip
    assert code == 1 and time.monotonic() - started < 60
    manifest = json.loads((tmp_path / "out" / "2025-Q2" / "manifest.json").read_text(encoding="utf-8"))
    outcome = {n["notebook"]: (n["status"], n["error"]) for n in manifest["notebooks"]}
    assert outcome["dies"] == ("failed", "kernel đã dừng đột ngột / the kernel died (crash or killed)")
    assert outcome["04_civil_service"][0] == "succeeded"
    assert not list((tmp_path / "out" / ".runs").glob("*.work"))  # connection files went with the run


def _start_run(out: Path, tmp_path: Path) -> subprocess.Popen:
    """A real ``partrack run`` in its own session, stuck in a sleeping notebook on two workers."""
    params = _params(tmp_path, notebook_dir=str(_notebooks(tmp_path)), workers=2)
    command = [*PARTRACK, "run", "--out", str(out), "--params", params, "--notebooks", "sleeps,04_civil_service",
               "--lang", "vi,en", "--formats", "html", "--quiet"]  # fmt: skip
    victim = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        kernels = [p for p in _descendants(victim.pid) if b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()]
        if len(kernels) == 2 and list(out.glob(".runs/*.partial/notebooks/sleeps_*")):
            return victim
        time.sleep(0.3)
    victim.kill()
    pytest.fail("the run did not reach its notebooks")


def _try_descendants(pid):
    try:
        return _descendants(pid)
    except OSError:
        return set()


def test_kill_9_of_a_run_leaves_no_worker_or_kernel_behind(good_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(good_out, out, symlinks=True)
    before = _snapshot(out)
    victim = _start_run(out, tmp_path)
    family = _try_descendants(victim.pid)
    assert len(family) >= 4  # two workers, two kernels
    victim.kill()  # SIGKILL to the run alone: it cannot clean anything up itself
    victim.wait()
    assert _wait_gone(family, 20) == set()
    assert _snapshot(out) == before
    with FileLock(str(out / ".partrack.lock"), timeout=0):  # released with the process
        pass


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_stop_cleanly_with_one_line(good_out, tmp_path, signum, code):
    out = tmp_path / "out"
    shutil.copytree(good_out, out, symlinks=True)
    before = _snapshot(out)
    victim = _start_run(out, tmp_path)
    family = _try_descendants(victim.pid)
    if signum == signal.SIGINT:
        os.killpg(victim.pid, signum)  # Ctrl-C reaches the whole foreground group
    else:
        victim.send_signal(signum)
    _, err = victim.communicate(timeout=60)
    assert victim.returncode == code
    assert "Traceback" not in err and "the last briefs are kept" in err, err
    assert len([line for line in err.splitlines() if line.startswith("partrack")]) == 1
    assert _wait_gone(family, 20) == set()
    assert _snapshot(out) == before
    assert not [p for p in (out / ".runs").iterdir() if p.name.endswith((".partial", ".work"))]
    with FileLock(str(out / ".partrack.lock"), timeout=0):
        pass


# --- one error boundary -----------------------------------------------------------------------------------


def test_a_parameter_file_with_broken_yaml_is_named(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("units: [36\nlangs: vi\n", encoding="utf-8")
    assert main(["run", "--params", str(params), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(params) in err and "invalid YAML" in err and "line" in err and "Traceback" not in err


def test_a_missing_parameter_file_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "--params", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o")]) == 2
    assert "parameter file not found" in capsys.readouterr().err


def test_a_lone_unit_code_typed_as_a_number_is_read_as_text():
    from partrack.publish.parameters import load_parameters

    assert load_parameters({"units": 36}).units == ["36"]


def test_a_yaml_alias_bomb_in_parameters_is_refused_fast(tmp_path, capsys):
    params = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    params.write_text("\n".join(lines) + "\nunits: *a8\n", encoding="utf-8")
    started = time.monotonic()
    assert main(["run", "--params", str(params), "--out", str(tmp_path / "o")]) == 2
    assert time.monotonic() - started < 5 and "too many YAML aliases" in capsys.readouterr().err


def test_a_yaml_alias_bomb_in_a_catalogue_is_refused_fast(tmp_path, capsys):
    from partrack.catalogue.loader import BUNDLED

    catalogue = tmp_path / "plan"
    shutil.copytree(BUNDLED, catalogue)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    target = catalogue / "plan.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    assert main(["targets", "--catalogue", str(catalogue)]) == 1
    assert time.monotonic() - started < 5 and "too many YAML aliases" in capsys.readouterr().err


def test_template_out_as_a_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["template", "--period", "2025-Q2", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "is a folder" in err and "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(IsADirectoryError):
        main(["--debug", "template", "--period", "2025-Q2", "--out", str(tmp_path)])


def test_a_full_disk_during_a_run_removes_the_partial_folder(good_out, tmp_path, monkeypatch, capsys):
    """ENOSPC cannot be produced on demand here: the index page writer fails as a full disk makes it fail."""
    from partrack.publish import runner

    out = tmp_path / "out"
    shutil.copytree(good_out, out, symlinks=True)
    before = _snapshot(out)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(out / ".runs" / "x" / "index.html"))

    monkeypatch.setattr(runner, "index_page", disk_full)
    assert main(["run", "--out", str(out), *QUICK]) == 1
    assert "no space left on the disk" in capsys.readouterr().err
    assert _snapshot(out) == before
    assert not [p for p in (out / ".runs").iterdir() if p.name.endswith((".partial", ".work"))]


@pytest.mark.parametrize(
    ("number", "code", "words"),
    [(30, 2, "read-only file system"), (13, 2, "permission denied"), (28, 1, "no space left"), (20, 2, "not a folder")],
)
def test_file_system_errors_become_one_message_with_the_path(number, code, words):
    """EROFS and EACCES cannot be produced as root on this machine's disks: the boundary is checked directly."""
    from partrack.errors import explain

    found = explain(OSError(number, os.strerror(number), "/srv/partrack/outputs/2025-Q2"))
    assert found.code == code and words in found.message and "/srv/partrack/outputs/2025-Q2" in found.message
    assert not found.bug
