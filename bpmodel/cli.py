"""The ``bpmodel`` command line: thin commands that call the library.

Heavy modules (networkx, matplotlib) are imported inside the commands, so that
``bpmodel --help`` answers at once. Bad input prints
``bpmodel: error: FILE:LINE:COL: message`` and exits 1; usage mistakes exit 2.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import __version__
from .diagnostics import ERROR, INFO, Diagnostic, InputError

FORMATS = ("text", "json")


def _echo_diagnostic(diagnostic: Diagnostic) -> None:
    click.echo(f"bpmodel: {diagnostic.severity}: {diagnostic}", err=True)


def _fail(message: str) -> None:
    click.echo(f"bpmodel: error: {message}", err=True)
    sys.exit(1)


def reports_errors(command):
    """Turn InputError into messages and exit status 1; other crashes are short too."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = bool(ctx.find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            if debug:
                raise
            for diagnostic in exc.diagnostics:
                _echo_diagnostic(diagnostic)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: say so briefly unless --debug
            if debug:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} "
                  f"(run with --debug for the traceback)")

    return wrapper


def _load(path: str | None):
    """Load ``path`` (or the bundled default process) and print its warnings."""
    from . import default_process_path, load

    loaded = load(path if path is not None else default_process_path())
    for diagnostic in loaded.diagnostics:
        _echo_diagnostic(diagnostic)
    return loaded.process


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpmodel")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def main(debug: bool) -> None:
    """Model public-service processes, find redundant steps and long paths,
    and propose simpler variants.

    Process files are YAML (the bpmodel format, see `bpmodel schema`) or BPMN 2.0.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@reports_errors
def validate(files: tuple[str, ...]) -> None:
    """Check process files; exit 0 when all are valid, 1 otherwise."""
    from . import load

    failed = 0
    for path in files:
        try:
            loaded = load(path)
        except InputError as exc:
            failed += 1
            for diagnostic in exc.diagnostics:
                _echo_diagnostic(diagnostic)
            errors = sum(d.severity == ERROR for d in exc.diagnostics)
            click.echo(f"{path}: invalid ({errors} error{'s' if errors != 1 else ''})")
            continue
        for diagnostic in loaded.diagnostics:
            _echo_diagnostic(diagnostic)
        process = loaded.process
        warnings = sum(d.severity != INFO for d in loaded.diagnostics)
        notes = len(loaded.diagnostics) - warnings
        note = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        note += f", {notes} note{'s' if notes != 1 else ''} on what was skipped" if notes \
            else ""
        click.echo(f"{path}: valid ({len(process.steps)} steps, {len(process.flows)} "
                   f"flows{note})")
    if failed:
        sys.exit(1)


def _format_value(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def render_text_report(report: dict) -> str:
    """The analysis report as aligned text for a terminal."""
    lines = [f"{report['process']['name']} ({report['process']['id']})", ""]
    measures = report["measures"]
    width = max((len(k) for k in measures), default=0)
    for key, value in measures.items():
        lines.append(f"  {key.replace('_', ' '):<{width}}  {_format_value(value)}")
    return "\n".join(lines)


@main.command()
@click.argument("file", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output as text or as JSON (a documented contract).")
@reports_errors
def analyze(file: str | None, output_format: str) -> None:
    """Measure a process (the bundled building approval when FILE is left out)."""
    from .analysis import analyze as analyze_process

    report = analyze_process(_load(file))
    if output_format == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text_report(report))


@main.command()
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
@reports_errors
def convert(source: str, target: str) -> None:
    """Convert a process between YAML and BPMN 2.0; the extensions say which.

    The output is written whole or not at all, and never over SOURCE. BPMN output
    is laid out (one pool, a lane per actor grouped by agency) with its diagram.
    """
    from .io import dumps, format_of, load, write_atomic

    try:
        kind = format_of(target)
        format_of(source)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if Path(source).resolve() == Path(target).resolve():
        raise click.UsageError(f"{target}: refusing to write over the input file")
    loaded = load(source, strict=False)
    for diagnostic in loaded.diagnostics:
        _echo_diagnostic(diagnostic)
    process = loaded.process
    write_atomic(target, dumps(process, kind))
    click.echo(f"{source} -> {target} ({len(process.steps)} steps, "
               f"{len(process.sequence_flows)} flows)")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the YAML process format (for editors)."""
    path = Path(__file__).parent / "data" / "process.schema.json"
    click.echo(path.read_text(encoding="utf-8"), nl=False)
