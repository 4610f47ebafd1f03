"""YAML that people edit (plan catalogues, unit registries, run parameters), read with limits.

``yaml.safe_load`` refuses Python objects but not an alias bomb: a few lines of anchors and aliases
that expand to billions of items once a list is walked (2.5 GB and a minute in a parameter file). Our
files need no aliases at scale, so a document may hold a handful of them and a bounded size.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import AliasEvent

MAX_ALIASES = 16
MAX_YAML_BYTES = 2 * 1024 * 1024


class YamlLimitError(yaml.YAMLError):
    """A YAML document over the limits (too many aliases, too large)."""


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader counting aliases while the document is composed, before anything is built from it."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent, index):  # PyYAML's hook
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlLimitError(
                    f"quá nhiều bí danh YAML (*alias) / too many YAML aliases (more than {MAX_ALIASES}) "
                    f"at line {mark.line + 1}"
                )
        return super().compose_node(parent, index)


def load_yaml_text(text: str) -> object:
    """Parse one YAML document with the limits."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlLimitError(f"tệp YAML quá lớn / YAML file too large ({len(text)} characters, limit {MAX_YAML_BYTES})")
    loader = _LimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml(path: Path) -> object:
    """Read and parse a YAML file (UTF-8) with the limits; only regular files are opened."""
    if not path.is_file():
        raise OSError(21 if path.is_dir() else 2, "not a regular file", str(path))
    if path.stat().st_size > MAX_YAML_BYTES:
        raise YamlLimitError(f"{path}: tệp YAML quá lớn / YAML file too large (limit {MAX_YAML_BYTES} bytes)")
    return load_yaml_text(path.read_text(encoding="utf-8"))
