"""The analyst's own sections of the final assessment: a Markdown file beside the data, shown as text, never as code.

A tổng kết has parts only people can write — results, shortcomings and their causes, lessons, proposals for the
next period. The analyst writes them in ``tong-ket.md`` in a data folder (the first one of the run that has the
file; without it, the report names the first data folder). The Markdown is rendered by mistune (nbconvert's own
Markdown library) with raw HTML escaped, links only to safe addresses, and pictures reduced to their
description, so that nothing in the file runs, loads anything from the network or reads a file of the machine.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import mistune
from markupsafe import Markup, escape
from mistune.renderers.html import HTMLRenderer

from partrack.paths import PROJECT_ROOT

NOTES_FILE = "tong-ket.md"  # the analyst's sections, beside the data
MAX_BYTES = 1024 * 1024  # a page of text is a few kilobytes: a larger file is not notes


@dataclass(frozen=True)
class AnalystNotes:
    """The analyst's sections as safe HTML (None when there is no usable file) and where the file goes."""

    html: Markup | None
    place: str  # the file's path relative to the project (or its data folder's name): never an absolute path
    too_large: bool = False


class _Renderer(HTMLRenderer):
    """HTML with raw HTML escaped, headings under the report's own (h3 and below), no picture fetched."""

    def heading(self, text: str, level: int, **attrs: object) -> str:
        """The analyst's top headings (``#`` or ``##``) sit under the report's section heading (h2)."""
        return super().heading(text, min(6, max(3, level + 1)), **attrs)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        """A picture's description only: a brief loads nothing from elsewhere."""
        return str(escape(text))


_markdown = mistune.create_markdown(renderer=_Renderer(escape=True), plugins=["table", "strikethrough"])


def render_markdown(text: str) -> Markup:
    """Markdown as HTML in which the writer's HTML shows as text (``<script>`` is written, never run)."""
    return Markup(_markdown(unicodedata.normalize("NFC", text)))


def _folder(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def shown_path(path: Path) -> str:
    """A path as the report states it: from the project's root when inside it, else from its folder's name."""
    resolved = path.resolve()
    if resolved.is_relative_to(PROJECT_ROOT):
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    return f"{resolved.parent.name}/{resolved.name}" if resolved.parent.name else resolved.name


def analyst_notes(data_paths: list[Path]) -> AnalystNotes:
    """The first ``tong-ket.md`` beside the data, rendered safely; else where the analyst should write it.

    Only a regular file is read (a FIFO or a device would block or never end) and only up to ``MAX_BYTES``.
    """
    folders = [_folder(Path(p)) for p in data_paths] or [PROJECT_ROOT]
    for folder in folders:
        file = folder / NOTES_FILE
        if file.is_file():
            if os.stat(file).st_size > MAX_BYTES:
                return AnalystNotes(None, shown_path(file), too_large=True)
            text = file.read_text(encoding="utf-8-sig", errors="replace")
            if text.strip():
                return AnalystNotes(render_markdown(text), shown_path(file))
    return AnalystNotes(None, shown_path(folders[0] / NOTES_FILE))
