"""The ``partrack`` command line: one entry point, one sub-command per job.

Exit codes: 0 success, 1 the data or catalogue has errors, 2 a usage problem (missing file, bad option).
Each sub-command is registered in ``COMMANDS`` with the function that adds its options.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from partrack.catalogue import load_catalogue
from partrack.catalogue.export import FLAT_COLUMNS, catalogue_record, flat_rows
from partrack.errors import EXIT_DATA_ERROR, EXIT_OK, EXIT_USAGE, explain
from partrack.ingest.readers import ReadLimits
from partrack.ingest.report import json_report, summary_line, text_report
from partrack.ingest.template import write_template
from partrack.ingest.validate import validate
from partrack.narrative.progress_table import progress_text
from partrack.periods import ACCEPTED_FORMS, PeriodError, parse_period
from partrack.progress import METHODS, PROGRESS_COLUMNS, compute_progress
from partrack.textable import render
from partrack.textsafety import neutralise_formula, terminal_safe
from partrack.units import units_for
from partrack.words.labels import target_words
from partrack.words.vocabulary import LANGS, word

log = logging.getLogger("partrack")


def _print_csv(rows: list[dict], columns: tuple[str, ...] | list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: neutralise_formula(v) for k, v in row.items()} for row in rows)
    sys.stdout.write(buffer.getvalue())


def _print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def _both(key: str, **values: object) -> str:
    """A message in every language, "vi / en", for output that has no --lang (run, template, errors)."""
    return " / ".join(word(key, lang, **values) for lang in LANGS)


# --- targets -------------------------------------------------------------------------------------


def _add_targets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalogue", type=Path, help="catalogue folder (default: the bundled plan)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--lang", choices=LANGS, default=LANGS[0])


def cmd_targets(args: argparse.Namespace) -> int:
    """List the plan's goals."""
    catalogue = load_catalogue(args.catalogue)
    if args.format == "json":
        _print_json(catalogue_record(catalogue))
        return EXIT_OK
    if args.format == "csv":
        _print_csv(flat_rows(catalogue), FLAT_COLUMNS)
        return EXIT_OK
    plan, lang = catalogue.plan, args.lang
    print(f"{plan.title(lang)} ({plan.number}, {plan.date:%d/%m/%Y})")
    headers = tuple(word(f"table.{c}", lang, year=plan.deadline.year) for c in ("ref", "goal", "target_by", "id"))
    for area in catalogue.areas:
        print(f"\n{area.number}. {area.name(lang)} — {area.lead_agency}")
        rows = [
            (i.plan_ref, i.name(lang), target_words(i, lang, plan.baseline_year), i.id)
            for i in catalogue.in_area(area.code)
        ]
        print(render(headers, rows))
    numeric = sum(i.is_numeric for i in catalogue.indicators)
    print("\n" + word("cli.targets_count", lang, total=len(catalogue.indicators), numeric=numeric))
    return EXIT_OK


# --- validate ------------------------------------------------------------------------------------


def _add_limits(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-file-mb", dest="max_file_mb", type=float, help="largest file read, in MiB (200)")


def _limits(args: argparse.Namespace) -> ReadLimits:
    """The read limits, with the file size from the command line when given."""
    if args.max_file_mb is None:
        return ReadLimits()
    return ReadLimits(max_file_bytes=int(args.max_file_mb * 1024 * 1024))


def _add_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders (a folder's files in name order)")
    parser.add_argument("--catalogue", type=Path, help="catalogue folder (default: the bundled plan)")
    parser.add_argument("--sheet", help="XLSX sheet to read (default: the template's data sheet, else the first)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=LANGS, default=LANGS[0])
    parser.add_argument("--summary", action="store_true", help="counts per rule instead of every problem")
    _add_limits(parser)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check submitted files; exit 1 if any row has an error."""
    catalogue, units = load_catalogue(args.catalogue), units_for(args.catalogue)
    result = validate(args.paths, catalogue=catalogue, units=units, sheet=args.sheet, limits=_limits(args))
    if args.format == "json":
        _print_json(json_report(result))
    else:
        print(text_report(result, args.lang, summary_only=args.summary))
    return EXIT_OK if result.ok else EXIT_DATA_ERROR


# --- template ------------------------------------------------------------------------------------


def _add_template(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", required=True, help=f"the period: {ACCEPTED_FORMS}")
    parser.add_argument("--level", choices=("province", "district"), default="province")
    parser.add_argument("--out", required=True, type=Path, help="the .xlsx file to write")
    parser.add_argument("--lang", choices=LANGS, default=LANGS[0], help="the template's language (vi)")
    parser.add_argument("--catalogue", type=Path, help="catalogue folder (default: the bundled plan)")


def cmd_template(args: argparse.Namespace) -> int:
    """Write the Excel template for a period and level."""
    try:
        period = parse_period(args.period)
        catalogue, units = load_catalogue(args.catalogue), units_for(args.catalogue)
        rows = write_template(args.out, period, args.level, catalogue=catalogue, units=units, lang=args.lang)
    except (PeriodError, ValueError) as error:
        print(f"partrack template: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.out}: {rows} {_both('cli.rows')} ({period.label(LANGS[0])}, {args.level})")
    return EXIT_OK


# --- progress ------------------------------------------------------------------------------------


def _add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", nargs="+", type=Path, required=True, help="files or folders of observations")
    parser.add_argument("--period", default="latest", help=f"latest (default) or {ACCEPTED_FORMS}")
    parser.add_argument("--unit", default="all", help="a unit code, or all (default)")
    parser.add_argument("--area", help="one reform area, by its code in the catalogue")
    parser.add_argument("--method", default="linear", choices=sorted(METHODS))
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--lang", choices=LANGS, default=LANGS[0])
    parser.add_argument("--catalogue", type=Path, help="catalogue folder (default: the bundled plan)")
    _add_limits(parser)


def cmd_progress(args: argparse.Namespace) -> int:
    """Validate the data, then print the progress table (distance to every goal)."""
    catalogue, units = load_catalogue(args.catalogue), units_for(args.catalogue)
    result = validate(args.data, catalogue=catalogue, units=units, limits=_limits(args))
    if not result.ok:
        print(text_report(result, args.lang), file=sys.stderr)
    if args.area and args.area not in {a.code for a in catalogue.areas}:
        print(f"partrack progress: {_both('cli.unknown_area')} {args.area!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        table = compute_progress(result.observations, args.period, args.method, args.unit, args.area,
                                 catalogue=catalogue, units=units)  # fmt: skip
    except (PeriodError, ValueError) as error:
        print(f"partrack progress: {error}", file=sys.stderr)
        return EXIT_USAGE
    table = table.round(6)  # no binary noise such as 8.099999999999994 in files people open
    if args.format != "table":  # one text cell in a CSV, a list in JSON
        table = table.assign(flags=table["flags"].map(";".join if args.format == "csv" else list))
    if args.format == "csv":
        text_columns = table.select_dtypes(include=["object", "string"]).columns
        safe = table.assign(**{c: table[c].map(neutralise_formula) for c in text_columns})
        sys.stdout.write(safe.to_csv(index=False, lineterminator="\n"))
    elif args.format == "json":
        records = json.loads(table.to_json(orient="records", date_format="iso", force_ascii=False))
        _print_json({"columns": PROGRESS_COLUMNS, "rows": records})
    else:
        print(progress_text(table, catalogue, units, args.lang))
        print(summary_line(result, args.lang))
    return EXIT_OK if result.ok else EXIT_DATA_ERROR


# --- run -----------------------------------------------------------------------------------------


def _add_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", help=f"latest or {ACCEPTED_FORMS}")
    parser.add_argument("--data", nargs="+", help="files or folders of observations (relative to this folder)")
    parser.add_argument("--catalogue", help="catalogue folder (default: the bundled plan)")
    parser.add_argument("--params", type=Path, help="a parameter file (default: params/<period>.yaml)")
    parser.add_argument("--units", help="CODE | all | CODE,CODE (default: the plan's province)")
    parser.add_argument("--lang", dest="langs", help=",".join(LANGS))
    parser.add_argument("--formats", help="html,pdf,docx (docx: a Word copy of every brief; default html,pdf)")
    parser.add_argument("--notebooks", help="which notebooks (default: the overview and every area)")
    parser.add_argument("--out", help="output folder (default: outputs)")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--executor", choices=("local", "dask"))
    parser.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--lock-timeout", dest="lock_timeout", type=float, help="seconds to wait for another run")
    parser.add_argument("--issued", help="date of issue on the letterhead, YYYY-MM-DD (default: today)")
    parser.add_argument("--final", action="store_true", default=None,
                        help="the plan's final assessment at its close, into <out>/<period>-final")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", default=None)
    _add_limits(parser)


def cmd_run(args: argparse.Namespace) -> int:
    """Produce the HTML and PDF briefs of a period (the main job)."""
    from partrack.publish.executors import start_fork_server
    from partrack.publish.parameters import load_parameters

    keys = ("period", "units", "langs", "formats", "notebooks", "out", "workers", "executor", "scheduler",
            "lock_timeout", "quiet", "max_file_mb", "issued", "final")  # fmt: skip
    given = {k: getattr(args, k) for k in keys}
    # --data and --catalogue mean what they mean in every other command: paths from the current folder
    # (the runner resolves relative paths from the project root and leaves absolute ones alone).
    given["data"] = [str(Path(p).resolve()) for p in args.data] if args.data else None
    given["catalogue"] = str(Path(args.catalogue).resolve()) if args.catalogue else None
    params = load_parameters(given, args.params)
    if params.executor == "local":
        start_fork_server()  # the workers' code loads in their server while this process loads the run's
    from partrack.publish.runner import run

    logging.getLogger("partrack").setLevel(logging.WARNING if params.quiet else logging.INFO)
    report = run(params)
    done = len(report.results) - len(report.failed)
    print(f"{report.output}/index.html — {done}/{len(report.results)} {_both('cli.briefs')}")
    for failed in report.failed:
        print(f"  {_both('cli.failed')} {failed.name}: {terminal_safe(failed.error)} "
              f"({_both('cli.see')} {failed.notebook_path})", file=sys.stderr)  # fmt: skip
    if report.data_errors:
        print(f"  {report.data_errors} {_both('cli.data_errors')}: partrack validate", file=sys.stderr)
    return report.exit_code


COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {
    "targets": (_add_targets, cmd_targets),
    "validate": (_add_validate, cmd_validate),
    "template": (_add_template, cmd_template),
    "progress": (_add_progress, cmd_progress),
    "run": (_add_run, cmd_run),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="partrack",
        description=_both("cli.description"),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error (for developers)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_options, handler) in COMMANDS.items():
        command = sub.add_parser(name, help=(handler.__doc__ or "").strip().splitlines()[0])
        add_options(command)
        command.set_defaults(handler=handler)
    return parser


class Stopped(BaseException):
    """SIGTERM (or SIGHUP) asked the command to stop; handled like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. Expected failures are one message, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    previous = {s: signal.signal(s, _raise_stopped) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return args.handler(args)
    except BaseException as error:
        if args.debug or isinstance(error, SystemExit):
            raise
        found = explain(error)
        print(f"partrack {args.command}: {terminal_safe(found.message)}", file=sys.stderr)
        if found.bug:
            print(f"  ({_both('cli.debug_hint')})", file=sys.stderr)
        return found.code
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


if __name__ == "__main__":
    sys.exit(main())
