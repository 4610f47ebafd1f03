"""One source of truth for dependencies; the console script works; the Makefile documents itself."""

import os
import re
import subprocess
import sys
import tomllib

import yaml

from conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    # A conda user gets everything, JupyterLab included; pip users add it with the `lab` extra (`make lab`).
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    pip_side = {_name(r) for r in project["dependencies"] + extras["dev"] + extras["lab"]}
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda_side = {_name(d) for d in environment["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    pypi_only = {"fontpkg-noto-serif", "pypandoc-binary"}  # not on conda-forge: installed by `pip install -e .`
    assert conda_side == pip_side - pypi_only
    pip_entries = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_entries == ["-e ."]
    assert all(name in (REPO / "environment.yml").read_text() for name in pypi_only)


def test_the_analysts_tools_are_where_the_notebooks_need_them():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    required = {_name(r) for r in project["dependencies"]}
    lab = {_name(r) for r in project["optional-dependencies"]["lab"]}
    assert {"seaborn", "ipywidgets"} <= required  # the notebooks import them: part of every install
    assert "jupyterlab" not in required and lab == {"jupyterlab"}  # producing briefs needs no JupyterLab
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda_side = {_name(d) for d in environment["dependencies"] if isinstance(d, str)}
    assert {"jupyterlab", "ipywidgets", "seaborn"} <= conda_side


def test_make_lab_starts_jupyterlab_at_the_project_root_and_works_as_root():
    result = subprocess.run(["make", "-n", "-W", "pyproject.toml", "lab"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    install, start = [line for line in result.stdout.splitlines() if "[dev,lab]" in line or "jupyter lab" in line][-2:]
    assert "pip install" in install and "[dev,lab]" in install
    assert f'--ServerApp.root_dir="{REPO}"' in start and "jupyter lab notebooks" not in start
    assert ("--allow-root" in start) == (os.geteuid() == 0)


def test_readme_explains_every_dependency():
    readme = (REPO / "README.md").read_text(encoding="utf-8").lower()
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    missing = [_name(r) for r in project["dependencies"] if _name(r) not in readme]
    assert not missing, f"README does not say why these are needed: {missing}"


def test_console_script_runs():
    result = subprocess.run(
        [sys.executable, "-m", "partrack.cli", "targets", "--format", "csv"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("id,area,plan_ref")


def test_make_help_lists_brief_and_test():
    result = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0
    assert re.search(r"brief\s+\S", result.stdout) and re.search(r"test\s+\S", result.stdout)
