"""The ``bpmodel`` command line: thin commands that call the library.

Heavy modules (networkx, matplotlib) are imported inside the commands, so that
``bpmodel --help`` answers at once. Bad input prints
``bpmodel: error: FILE:LINE:COL: message`` and exits 1; usage mistakes exit 2.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from pathlib import Path

import click

from . import i18n
from .diagnostics import ERROR, INFO, Diagnostic, InputError
from .i18n import _, ngettext
from .version import __version__

FORMATS = ("text", "json")


def _echo_diagnostic(diagnostic: Diagnostic) -> None:
    from .labels import severity_label

    click.echo(f"bpmodel: {severity_label(diagnostic.severity)}: {diagnostic}", err=True)


def _fail(message: str) -> None:
    from .labels import severity_label

    click.echo(f"bpmodel: {severity_label(ERROR)}: {message}", err=True)
    sys.exit(1)


LANG_GIVEN = "bpmodel.lang_given"
LANG_TOKEN = "bpmodel.lang_token"


def _use_language(ctx: click.Context, lang: str) -> None:
    """Write in ``lang`` until this run of the command line ends (tests run many)."""
    root = ctx.find_root()
    token = i18n.set_language(lang)
    if LANG_TOKEN not in root.meta:
        root.meta[LANG_TOKEN] = token
        root.call_on_close(lambda: i18n.reset_language(token))


def _set_language(ctx, param, value: str | None) -> str | None:
    """``--lang``: the language of everything printed and written from here on."""
    if value is not None:
        _use_language(ctx, value)
        ctx.find_root().meta[LANG_GIVEN] = True
    return value


def language_option(command):
    """The ``--lang id|en`` option (every command has it)."""
    return click.option("--lang", type=click.Choice(i18n.LANGUAGES), callback=_set_language,
                        expose_value=False, is_eager=True,
                        help="Language of the output: id (Bahasa Indonesia) or en. Default: "
                             "the process's (its lang key, else its step names), then the "
                             "locale (LANG=id_ID...).")(command)


def _follow_process_language(process) -> None:
    """Without ``--lang``, write in the language of the process (when it shows one)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or ctx.find_root().meta.get(LANG_GIVEN):
        return
    lang = i18n.process_language(process)
    if lang is not None:
        _use_language(ctx, lang)


def reports_errors(command):
    """Turn InputError into messages and exit status 1; other crashes are short too."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = bool(ctx.find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:  # the reader went away (`bpmodel analyze | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except InputError as exc:
            if debug:
                raise
            for diagnostic in exc.diagnostics:
                _echo_diagnostic(diagnostic)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except OSError as exc:  # a full disk, a closed output, an output folder refused
            if debug:
                raise
            _fail(_os_error_text(exc))
        except Exception as exc:  # a bug: say so briefly unless --debug
            if debug:
                raise
            from .analysis.errors import AnalysisError

            if isinstance(exc, AnalysisError):   # a process that cannot be measured
                _fail(_("cannot measure the process: {error}").format(error=exc.message))
            _fail(_("internal error: {error}: {message} (run with --debug for the "
                    "traceback)").format(error=type(exc).__name__, message=exc))

    return wrapper


class FiniteRange(click.FloatRange):
    """A number in a closed range; NaN and infinity are refused (click lets NaN pass)."""

    def convert(self, value, param, ctx):
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def _os_error_text(exc: OSError) -> str:
    """An OSError as one sentence: ``FILE: cannot write it: why`` or the reason alone.

    >>> _os_error_text(OSError(28, "No space left on device"))
    'cannot write the output: No space left on device'
    """
    from .io import OutputError

    if isinstance(exc, OutputError):
        return str(exc)
    why = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename:
        return f"{exc.filename}: {why}"
    return f"cannot write the output: {why}"


def _terminate(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C, so that outputs being written are cleaned up."""
    sys.exit(128 + signum)


class _Group(click.Group):
    """The command group; a standard output that cannot be written (a full disk,
    ``/dev/full``) is a one-line error, even for ``--help``."""

    def main(self, *args, **kwargs):
        import signal
        import threading

        if threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _terminate)
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if "--debug" in sys.argv:
                raise
            with contextlib.suppress(OSError):
                click.echo(f"bpmodel: error: {_os_error_text(exc)}", err=True)
            sys.exit(1)


def _load(path: str | None):
    """Load ``path`` (or the bundled default process) and print its warnings."""
    from . import default_process_path, load

    loaded = load(path if path is not None else default_process_path())
    _follow_process_language(loaded.process)
    for diagnostic in loaded.diagnostics:
        _echo_diagnostic(diagnostic)
    return loaded.process


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpmodel")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.option("--max-input-size", type=FiniteRange(min=0.001, max=4096), default=5,
              show_default=True, metavar="MB",
              help="Refuse input files larger than this many megabytes.")
@language_option
@click.pass_context
def main(ctx: click.Context, debug: bool, max_input_size: float) -> None:
    """Model public-service processes, find redundant steps and long paths,
    and propose simpler variants.

    Process files are YAML (the bpmodel format, see `bpmodel schema`) or BPMN 2.0.
    """
    from .limits import input_limit

    ctx.with_resource(input_limit(int(max_input_size * 2**20)))


@main.command()
@language_option
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--explain", is_flag=True,
              help="Also list, for every task without an `action`, what bpmodel read from "
                   "its name (so that a wrong reading can be corrected with `action`).")
@reports_errors
def validate(files: tuple[str, ...], explain: bool) -> None:
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
            click.echo(ngettext("{path}: invalid ({count} error)",
                                "{path}: invalid ({count} errors)", errors).format(
                path=path, count=errors))
            continue
        for diagnostic in loaded.diagnostics:
            _echo_diagnostic(diagnostic)
        process = loaded.process
        warnings = sum(d.severity != INFO for d in loaded.diagnostics)
        notes = len(loaded.diagnostics) - warnings
        parts = [ngettext("{count} step", "{count} steps", len(process.steps)).format(
                     count=len(process.steps)),
                 ngettext("{count} flow", "{count} flows", len(process.flows)).format(
                     count=len(process.flows))]
        if warnings:
            parts.append(ngettext("{count} warning", "{count} warnings", warnings).format(
                count=warnings))
        if notes:
            parts.append(ngettext("{count} note on what was skipped",
                                  "{count} notes on what was skipped", notes).format(
                count=notes))
        click.echo(_("{path}: valid ({details})").format(path=path, details=", ".join(parts)))
        if explain:
            for line in _explain_readings(process):
                click.echo(line)
    if failed:
        sys.exit(1)


def _format_value(value) -> str:
    from .i18n import format_number
    from .labels import yes_no

    if value is None:
        return "-"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return format_number(value, 2 if abs(value) >= 1000 else 3)
    if isinstance(value, int):
        return format_number(value, 0)
    return str(value)


def _explain_readings(process) -> list[str]:
    """What was read from the name of each task that gives no ``action``."""
    from .analysis.actions import read_step

    lines = []
    for step in process.steps:
        if not step.is_task or step.is_subprocess or step.action:
            continue
        reading = read_step(step, process)
        if reading.action is None:
            lines.append(f"  {step.id}: no action could be read from its name; it counts as "
                         "'other'.")
            continue
        decided = next((a.words for a in reading.acts if a.action == reading.action), "")
        others = [a for a in reading.actions if a != reading.action]
        if others:
            lines.append("  {step}: read as '{action}' (from \"{words}\"), also {others}."
                         .format(step=step.id, action=reading.action, words=decided,
                                 others=", ".join(others)))
        else:
            lines.append(f"  {step.id}: read as '{reading.action}' (from \"{decided}\")."
                         )
    if lines:
        lines.insert(0, "  Actions read from step names (add an `action` key to correct "
                        "one):")
    return lines


@main.command()
@language_option
@click.argument("sentences", nargs=-1, required=True)
@click.option("--actor", type=click.Choice(("applicant", "staff", "system")), default=None,
              help="Who does the step when the sentence does not say.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output as text or as JSON (one object per sentence).")
@reports_errors
def read(sentences: tuple[str, ...], actor: str | None, output_format: str) -> None:
    """Show how step names or SOP sentences are read: who acts, the actions (in the
    vocabulary of the process format), the object, and the words that decided. A sentence
    `-` reads one name per line from standard input."""
    from .analysis.actions import read_name

    texts: list[str] = []
    for sentence in sentences:
        if sentence == "-":
            texts.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            texts.append(sentence)
    readings = [(text, read_name(text, actor=actor)) for text in texts]
    if output_format == "json":
        click.echo(json.dumps([{"text": text, **reading.to_dict()} for text, reading
                               in readings], indent=2, ensure_ascii=False))
        return
    for text, reading in readings:
        click.echo(f"{text}")
        click.echo("\n".join(_reading_lines(reading)))


def _reading_lines(reading) -> list[str]:
    if reading.subject_words:
        who = f"  subject: {reading.subject_words} ({reading.subject})"
    elif reading.subject:
        who = f"  subject: {reading.subject}"
    else:
        who = "  subject: not named"
    if reading.action is None:
        return [who, "  actions: none read; a step with this name counts as 'other'."]
    acts = ", ".join(f"{a.action} (\"{a.words}\")"
                     for a in reading.acts)
    lines = [who,
             f"  action: {reading.action}",
             "  actions: {actions}".format(actions=", ".join(reading.actions)),
             f"  decided by: {acts}",
             "  object: {words}".format(words=" ".join(reading.object) or "-")]
    if reading.markers:
        lines.append("  markers: {markers}".format(markers=", ".join(sorted(reading.markers))))
    return lines


# --check exit status: 0 met, 1 missed, 2 usage mistake (click), 3 not checked (no target,
# or a lead time that is not known).
CHECK_MET, CHECK_MISSED, CHECK_NOT_CHECKED = 0, 1, 3


def _rule_names(ctx, param, values: tuple[str, ...]) -> list[str] | None:
    """``--select a,b --select c`` as a list of names, checked against the catalogue."""
    if not values:
        return None
    from .analysis.findings import enabled_rules

    names = [n.strip() for value in values for n in value.split(",") if n.strip()]
    try:
        enabled_rules(**{param.name: names})
    except ValueError as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[-1]) from None
    return names


@main.command()
@language_option
@click.argument("file", required=False, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output as text or as JSON (a documented contract).")
@click.option("--select", multiple=True, callback=_rule_names, metavar="RULES",
              help="Run only these rules (names, categories or presets, comma-separated; "
                   "see `bpmodel rules`).")
@click.option("--ignore", multiple=True, callback=_rule_names, metavar="RULES",
              help="Do not run these rules (names, categories or presets, comma-separated).")
@click.option("--convention", type=click.Choice(("doing-business",)), default=None,
              help="Count time as the World Bank's Doing Business methodology did "
                   "(discontinued in 2021): calendar days, at least a day per procedure "
                   "(half a day online), simultaneous procedures start on consecutive "
                   "days.")
@click.option("--check", is_flag=True,
              help="Check the lead time against the process's target (for CI): exit 0 "
                   "when it is met, 1 when it is missed, 3 when it cannot be checked (no "
                   "target, or steps without a time).")
@click.option("--percentile", type=click.IntRange(1, 99), default=None, metavar="Q",
              help="With --check: check the Q-th percentile of the simulated lead time "
                   "(`bpmodel simulate`, 10,000 cases, seed 1) instead of the critical path.")
@reports_errors
def analyze(file: str | None, output_format: str, select: list[str] | None,
            ignore: list[str] | None, convention: str | None, check: bool,
            percentile: int | None) -> None:
    """Measure a process and list its findings (the bundled building approval when FILE
    is left out): counts, visits, handoffs, lead time, critical path, bottlenecks, burden
    and what is redundant or slow."""
    from .analysis import analyze as analyze_process

    if percentile is not None and not check:
        raise click.UsageError("--percentile says which percentile --check checks; give "
                               "--check too")
    process = _load(file)
    report = analyze_process(process, convention, select=select, ignore=ignore)
    if output_format == "json":
        from .jsontext import dumps as json_text

        click.echo(json_text(report))
    else:
        from .report.text import render_text_report

        click.echo(render_text_report(report, process.currency))
    for error in report.get("errors", ()):
        _fail(_("{name}: cannot measure the process: {error}").format(
            name=file or process.id, error=error["message"]))
    if check and percentile is not None:
        _check_percentile(process, file or process.id, percentile)
    elif check:
        _check_target(report, file or process.id)


def _check_target(report: dict, name: str) -> None:
    """``analyze --check``: exit 0 when the target is met, 1 when it is missed, 3 when it
    cannot be checked (no target, or a lead time that is not known)."""
    from .formatting import format_days
    from .labels import severity_label

    measures = report["measures"]
    calendar_days = report.get("day_unit") == "calendar"
    lead, target = measures.get("lead_time_days"), measures.get("target_days")
    if lead is None:
        lead = report.get("lower_bounds", {}).get("lead_time_days")
        lead_text = _("at least {value}").format(
            value=format_days(lead, calendar_days, lang=i18n.language()))
    else:
        lead_text = format_days(lead, calendar_days, lang=i18n.language())
    if measures.get("meets_target") is False:
        target_text = format_days(target, calendar_days, lang=i18n.language())
        _fail(_("{name}: lead time {lead} exceeds the target of {target}").format(
            name=name, lead=lead_text, target=target_text))
    if measures.get("meets_target") is True:
        return
    if target is None:
        message = _("{name}: not checked: the process sets no target").format(name=name)
    else:
        message = "{name}: {reason}".format(
            name=name, reason=report.get("unknown", {}).get(
                "meets_target", _("not checked: the lead time is not known")))
    click.echo(f"bpmodel: {severity_label('warning')}: {message}", err=True)
    sys.exit(CHECK_NOT_CHECKED)


def _check_percentile(process, name: str, percentile: int) -> None:
    """Exit 1 when the ``percentile`` of the simulated lead time exceeds the target."""
    from .analysis.errors import AnalysisError
    from .analysis.gaps import name_list
    from .simulate.errors import SimulationError
    from .simulate.report import percentile_hours
    from .simulate.report import simulate as run

    if process.target is None:
        click.echo(f"bpmodel: warning: {name}: not checked: the process sets no target",
                   err=True)
        sys.exit(CHECK_NOT_CHECKED)
    untimed = [s.id for s in process.tasks if not s.time_known and not s.is_subprocess]
    if untimed and all(not s.time_known for s in process.tasks if not s.is_subprocess):
        click.echo("bpmodel: warning: " + _("{name}: not checked: the process gives no time "
                                            "for {steps}").format(
            name=name, steps=name_list(untimed)), err=True)
        sys.exit(CHECK_NOT_CHECKED)
    try:
        value = percentile_hours(run(process), percentile)
    except (AnalysisError, SimulationError) as exc:
        _fail(_("{name}: cannot check the P{percentile} of the lead time: {error}").format(
            name=name, percentile=percentile, error=exc.message))
    day = process.calendar.hours_per_day
    bound = _("at least ") if untimed else ""  # steps without a time count as 0: a lower bound
    if value > process.target.hours + 1e-9:
        _fail(_("{name}: the P{percentile} of the lead time, {bound}{days} days, exceeds the "
                "target of {target} days").format(
            name=name, percentile=percentile, bound=bound,
            days=i18n.format_number(value / day, 1, trim=False),
            target=i18n.format_number(process.target.hours / day, 1, trim=False)))
    if untimed:
        click.echo(f"bpmodel: warning: {name}: not checked: the P{percentile} counts only the "
                   f"steps with a time; the process gives none for {name_list(untimed)}",
                   err=True)
        sys.exit(CHECK_NOT_CHECKED)


@main.command()
@language_option
@click.argument("name", required=False)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output as text or as JSON.")
@reports_errors
def rules(name: str | None, output_format: str) -> None:
    """List the rules that find redundant, slow or unsound steps, or print one rule's doc."""
    from .analysis.findings import get_rule
    from .analysis.findings import rules as catalogue

    if name is not None:
        try:
            rule = get_rule(name)
        except KeyError as exc:
            raise click.BadParameter(exc.args[0], param_hint="NAME") from None
        if output_format == "json":
            click.echo(json.dumps(_rule_data(rule), indent=2, ensure_ascii=False))
            return
        from .labels import severity_label

        options = ", ".join(f"{k} = {_option_text(v)}" for k, v in rule.options.items())
        heading = (_("{rule} ({category}, {severity} by default; options: {options})")
                   if options else _("{rule} ({category}, {severity} by default)"))
        click.echo(heading.format(rule=rule.name, category=_(rule.category),
                                  severity=severity_label(rule.severity), options=options)
                   + "\n")
        click.echo(i18n.translate_doc(rule.doc))
        return
    found = catalogue()
    if output_format == "json":
        click.echo(json.dumps([_rule_data(r) for r in found], indent=2, ensure_ascii=False))
        return
    from .labels import severity_label

    width = max(len(r.name) for r in found)
    severity_width = max(len(severity_label(r.severity)) for r in found)
    for category in dict.fromkeys(r.category for r in found):
        click.echo(_("{category}:").format(category=_(category)))
        for rule in (r for r in found if r.category == category):
            click.echo(f"  {rule.name:<{width}}  {severity_label(rule.severity):<{severity_width}}"
                       f"  {_(rule.summary)}")
    click.echo("\n" + _("`bpmodel rules NAME` explains a rule."))


def _option_text(value) -> str:
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def _rule_data(rule) -> dict:
    from .simplify.rewrites import REWRITES

    return {"name": rule.name, "category": rule.category, "severity": rule.severity,
            "summary": _(rule.summary), "options": dict(rule.options),
            "rewrites": [r.name for r in REWRITES if rule.name in r.answers],
            "doc": i18n.translate_doc(rule.doc)}


@main.command()
@language_option
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
        raise click.UsageError(_("{path}: refusing to write over the input file").format(
            path=target))
    loaded = load(source, strict=False)
    for diagnostic in loaded.diagnostics:
        _echo_diagnostic(diagnostic)
    process = loaded.process
    write_atomic(target, dumps(process, kind))
    steps, flows = len(process.steps), len(process.sequence_flows)
    click.echo(f"{source} -> {target} (" + ngettext("{count} step", "{count} steps", steps)
               .format(count=steps) + ", " + ngettext("{count} flow", "{count} flows", flows)
               .format(count=flows) + ")")


@main.command()
@language_option
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the YAML process format (for editors)."""
    path = Path(__file__).parent / "data" / "process.schema.json"
    click.echo(path.read_text(encoding="utf-8"), nl=False)


PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


def _picture_path(ctx, param, value: str | None) -> str | None:
    """An output picture's path, checked for a suffix bpmodel draws."""
    if value is not None and Path(value).suffix.lower() not in PICTURE_SUFFIXES:
        raise click.BadParameter(_("{path}: use a .png, .svg or .pdf file").format(path=value))
    return value


@main.command()
@language_option
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(("text", "json", "csv", "markdown")),
              help="How to print the table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), callback=_picture_path,
              help="Also draw the chart: lead time per process split into work and waiting, "
                   "target marked, visits and steps (.png, .svg or .pdf).")
@click.option("--savings", type=click.Path(dir_okay=False), callback=_picture_path,
              help="Draw the waterfall of a variant's savings, rewrite by rewrite; needs "
                   "one summary.json written by `bpmodel simplify` among FILES.")
@click.option("--convention", type=click.Choice(("doing-business",)), default=None,
              help="Count every process's time by the World Bank's Doing Business "
                   "methodology (discontinued in 2021): calendar days for all, so that "
                   "processes on different calendars compare in one unit.")
@reports_errors
def compare(files: tuple[str, ...], output_format: str, output: str | None,
            savings: str | None, convention: str | None) -> None:
    """Compare the measures of several processes or variants side by side.

    FILES are process files (YAML or BPMN) or summary.json files written by
    `bpmodel simplify`, which count as the process before and after. Processes that
    declare a service and a region are grouped by them and ranked by lead time within
    their service; a process that models only part of a service (coverage) is flagged.
    A lead time that is not known prints as n/a and is not ranked.
    """
    from .analysis import analyze as analyze_process
    from .analysis.compare import comparison_table, render_table

    reports, summaries = [], []
    for path in files:
        if Path(path).suffix.lower() == ".json":
            data = _read_summary(path)
            summaries.append(data)
            reports += _summary_reports(data)
        else:
            reports.append(analyze_process(_load(path), convention))
    if summaries and convention is not None:
        raise click.UsageError("--convention applies to process files; a summary.json "
                               "holds figures already counted")
    if savings is not None and len(summaries) != 1:
        raise click.UsageError(_("--savings needs exactly one summary.json among FILES (got "
                                 "{count})").format(count=len(summaries)))
    table = comparison_table(reports)
    click.echo(render_table(table, output_format))
    if table.mixed_days and convention is None:
        click.echo("bpmodel: warning: " + _(
            "the processes count days differently (working and calendar days); use "
            "--convention doing-business to compare them in one unit"), err=True)
    if output is not None:
        from .render.charts import comparison_chart

        comparison_chart(reports, output)
        click.echo(_("Wrote {files}").format(files=output), err=True)
    if savings is not None:
        from .render.charts import waterfall_chart
        from .report.summary import savings_by_rewrite

        data = summaries[0]
        start = data["before"].get("lead_time_days")
        start = float(start) if isinstance(start, (int, float)) else 0.0
        waterfall_chart(start, savings_by_rewrite(data), savings,
                        title=_("Where the days go: {process}").format(
                            process=data["process"]["name"]))
        click.echo(_("Wrote {files}").format(files=savings), err=True)


def _read_summary(path: str) -> dict:
    from .io.files import read_input
    from .report.summary import SummaryError, read_summary

    data = read_input(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.single(_("is not UTF-8 text; a summary.json of `bpmodel simplify` "
                                  "is"), path) from None
    try:
        return read_summary(text)
    except SummaryError as exc:
        raise InputError.single(str(exc), path) from None


def _summary_reports(data: dict) -> list[dict]:
    from .report.summary import summary_reports

    return summary_reports(data)


@main.command()
@language_option
@click.argument("file", required=False, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              callback=_picture_path, help="The picture to write: .png, .svg or .pdf.")
@click.option("--highlight", type=click.Choice(("critical",)),
              help="critical: draw the critical path thick (its steps and flows).")
@click.option("--findings", is_flag=True,
              help="Badge the steps that have findings with numbers, listed under the "
                   "diagram.")
@click.option("--compare", "pair", nargs=2, type=click.Path(), metavar="BEFORE AFTER",
              help="Draw two processes one above the other with what changed marked "
                   "(removed, merged, parallel, new, changed) and the measures before "
                   "and after.")
@click.option("--fit", type=click.Choice(("a4", "a3", "slide", "none")), default="none",
              show_default=True,
              help="Fit the picture to an A4 or A3 landscape page or a 16:9 slide, with no "
                   "step text under 7 pt: split into numbered pages when it must be (one "
                   "PDF with several pages); none: one picture at its natural size.")
@click.option("--empty-lanes", is_flag=True,
              help="Also draw the lanes of actors that have no step (drawn anyway "
                   "with --compare and --fit none).")
@click.option("--form", type=click.Choice(("lanes", "flow", "auto")), default="auto",
              show_default=True,
              help="With --fit: lanes draws swimlanes; flow draws every step in one lane, "
                   "each task naming its actor, hand-overs thick; auto draws swimlanes "
                   "when they fit one page (a side, with --compare), else the form that "
                   "takes fewer pages.")
@reports_errors
def diagram(file: str | None, output: str, highlight: str | None, findings: bool,
            pair: tuple[str, str] | None, fit: str, empty_lanes: bool, form: str) -> None:
    """Draw a swimlane diagram of a process (the bundled building approval when FILE is
    left out), or with --compare a before/after picture of two processes.

    The picture is PNG, SVG or PDF by the extension of OUTPUT, and as large as the
    process needs for its names to stay readable.
    """
    from .analysis.errors import AnalysisError

    if pair:
        if file is not None:
            raise click.UsageError(_("give either FILE or --compare BEFORE AFTER, not both"))
        if highlight or findings:
            raise click.UsageError(_("--highlight and --findings draw one process; they do "
                                     "not combine with --compare"))
        from .render.compare import draw_before_after

        original, variant = _load(pair[0]), _load(pair[1])
        written = draw_before_after(original, variant, output, fit=fit, form=form,
                                    empty_lanes=True if empty_lanes else None,
                                    subtitle=_("{before} (before) and {after} (after)").format(
                                        before=pair[0], after=pair[1]))
        click.echo(f"{pair[0]}, {pair[1]} -> {_written(written)}")
        return
    from .render.diagram import draw_diagram

    process = _load(file)
    try:
        written = draw_diagram(process, output, highlight=highlight, findings=findings,
                               fit=fit, empty_lanes=empty_lanes, form=form)
    except AnalysisError as exc:
        _fail(_("{name}: cannot find the critical path: {error}").format(
            name=file or process.id, error=exc.message))
    click.echo(f"{file or process.id} -> {_written(written)} (" + ngettext(
        "{count} step", "{count} steps", len(process.steps)).format(count=len(process.steps))
        + ")")


def _written(paths) -> str:
    """The files a picture went into: ``a.png`` or ``a.png, a-2.png (2 pages)``."""
    names = ", ".join(str(path) for path in paths)
    return names if len(paths) == 1 else names + " " + ngettext(
        "({count} page)", "({count} pages)", len(paths)).format(count=len(paths))


def _names(ctx, param, values: tuple[str, ...]) -> list[str] | None:
    names = [n.strip() for value in values for n in value.split(",") if n.strip()]
    return names or None


@main.command()
@language_option
@click.argument("file", required=False, type=click.Path())
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False),
              help="Folder for the variant and its reports [default: "
                   "./bpmodel-out/<process id>/].")
@click.option("--level", type=click.Choice(("safe", "bold")), default="bold",
              show_default=True,
              help="safe: the same outcomes for the applicant; bold: also changes who does "
                   "what or needs a rule change.")
@click.option("--only", multiple=True, callback=_names, metavar="REWRITES",
              help="Apply only these rewrites (comma-separated; see `bpmodel rewrites`).")
@click.option("--exclude", multiple=True, callback=_names, metavar="REWRITES",
              help="Do not apply these rewrites (comma-separated).")
@click.option("--rework-reduction", type=FiniteRange(0, 1), default=0.5,
              show_default=True,
              help="Share of rework an online checklist is assumed to remove.")
@click.option("--pictures/--no-pictures", default=True, show_default=True,
              help="Also draw the before/after picture on A4 pages: before-after.svg "
                   "(then before-after-2.svg, ... when it takes more), shown in report.html "
                   "too.")
@click.option("--png", is_flag=True,
              help="Also write the same pages as PNG, before-after.png, ... (A4 at 150 dpi, "
                   "for slides and messages); it takes about as long again as the rest of "
                   "the run.")
@reports_errors
def simplify(file: str | None, output_dir: str | None, level: str, only, exclude,
             rework_reduction: float, pictures: bool, png: bool) -> None:
    """Propose a simpler variant of a process (the bundled building approval when FILE is
    left out), with the reason and the gain of every change.

    Writes the variant as YAML and BPMN, changes.md, summary.json, report.html and the
    before/after picture (SVG, and PNG with --png), and prints the measures before and
    after and each rewrite's gain on its own.
    """
    from . import default_process_path
    from .analysis import AnalysisError
    from .report.deliverables import (
        before_after_table,
        folder_name,
        render_outputs,
        write_outputs,
    )
    from .simplify.engine import SimplifyError, simplify_and_rank

    if png and not pictures:
        raise click.UsageError(_("--png writes the picture that --no-pictures leaves out; "
                                 "give one of them"))
    source = Path(file) if file is not None else default_process_path()
    process = _load(file)
    try:
        variant, ranking = simplify_and_rank(process, level, only, exclude,
                                             rework_reduction=rework_reduction)
    except SimplifyError as exc:
        raise click.UsageError(str(exc)) from None
    except AnalysisError as exc:
        _fail(_("{name}: cannot simplify, the process cannot be measured: {error}").format(
            name=file or process.id, error=exc.message))
    directory = Path(output_dir) if output_dir else Path("bpmodel-out") / folder_name(process.id)
    from .simulate.report import p90_before_after

    simulated = p90_before_after(process, variant.process)
    outputs = render_outputs(variant, ranking, ("svg", "png") if png else pictures, simulated)
    try:
        written = write_outputs(outputs, directory, inputs=[source])
    except (FileExistsError, OSError) as exc:
        _fail(str(exc))
    from .i18n import format_number
    from .labels import level_label

    count = len(variant.changes)
    click.echo(ngettext("{process}: {count} change at level {level}",
                        "{process}: {count} changes at level {level}", count).format(
        process=process.name, count=count, level=level_label(level)) + "\n")
    click.echo(before_after_table(variant))
    if variant.stopped_early:
        click.echo(f"bpmodel: warning: {file or process.id}: {variant.stopped_early}",
                   err=True)
    if simulated is not None:
        from .simulate.report import p90_sentence

        sentence = p90_sentence(simulated)
        untimed = [t.id for t in process.tasks if not t.time_known]
        if untimed:  # steps without a time count as 0: the P90 is a lower bound
            from .analysis.gaps import name_list

            sentence += " " + _("Both are lower bounds: the process gives no time for "
                                "{steps}.").format(steps=name_list(untimed))
        click.echo("\n" + sentence)
    if ranking:
        calendar = process.calendar.days_per_week >= 7
        click.echo("\n" + (_("Each rewrite on its own (calendar days off the lead time):")
                           if calendar else
                           _("Each rewrite on its own (working days off the lead time):")))
        width = max(len(name) for name, _gain in ranking)
        known = variant.before.get("lead_time_days") is not None
        hours_known = variant.before.get("annual_applicant_hours") is not None
        days, hours = _("{value} d"), _("{value} applicant-h/yr")
        for name, gain in ranking:
            # a figure that is not known is n/a, never a saving of 0
            day_text = format_number(gain.get("lead_time_days", 0), 2, trim=False)
            visit_text = format_number(gain.get("visits", 0), 2)
            hour_text = (format_number(gain.get("annual_applicant_hours", 0), 0) if hours_known
                         else _("n/a"))
            not_known = _("n/a")
            day_column = days.format(value=f"{day_text:>6}") if known else f"{not_known:>8}"
            visits = gain.get("visits", 0)
            visit_column = ngettext("{value} visit", "{value} visits", visits).format(
                value=f"{visit_text:>4}")
            plural_width = len(ngettext("{value} visit", "{value} visits", 2).format(
                value=f"{visit_text:>4}"))
            click.echo(f"  {name:<{width}}  {day_column}  "
                       f"{visit_column:<{plural_width}}  "
                       f"{hours.format(value=f'{hour_text:>10}')}")
    click.echo("\n" + _("Wrote {files}").format(files=", ".join(str(p) for p in written)))


@main.command()
@language_option
@click.argument("name", required=False)
@reports_errors
def rewrites(name: str | None) -> None:
    """List the rewrites that `bpmodel simplify` applies, with their level and heuristic,
    or print one rewrite's doc."""
    import inspect
    import sys

    from .diagnostics import did_you_mean
    from .labels import level_label
    from .simplify.rewrites import REWRITES, rewrite_named

    if name is not None:
        try:
            rewrite = rewrite_named(name)
        except KeyError:
            hint = did_you_mean(name, (r.name for r in REWRITES))
            raise click.BadParameter(f"no rewrite named {name!r}{hint}",
                                     param_hint="NAME") from None
        answers = ", ".join(rewrite.answers) or _("its own pattern")
        click.echo(_("{rewrite} ({level}, {heuristic}; answers {findings})").format(
            rewrite=rewrite.name, level=level_label(rewrite.level),
            heuristic=_(rewrite.heuristic), findings=answers) + "\n")
        doc = inspect.cleandoc(sys.modules[type(rewrite).__module__].__doc__ or "")
        click.echo(i18n.translate_doc(doc))
        return
    width = max(len(r.name) for r in REWRITES)
    level_width = max(len(level_label(r.level)) for r in REWRITES)
    for rewrite in REWRITES:
        answers = ", ".join(rewrite.answers) or _("its own pattern")
        click.echo(f"  {rewrite.name:<{width}}  {level_label(rewrite.level):<{level_width}}  "
                   + _("{heuristic}; answers {findings}").format(
                       heuristic=_(rewrite.heuristic), findings=answers))
    click.echo("\n" + _("`bpmodel rewrites NAME` explains a rewrite."))


def _check_html_output(output: str, inputs) -> None:
    """An HTML deliverable's path: an .html file that is none of the inputs (usage errors
    otherwise)."""
    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(_("{path}: use an .html file").format(path=output),
                                 param_hint="-o")
    if any(Path(path).resolve() == Path(output).resolve() for path in inputs):
        raise click.UsageError(_("{path}: refusing to write over an input file").format(
            path=output))


@main.command()
@language_option
@click.argument("file", required=False, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (self-contained, prints on A4 landscape).")
@click.option("--level", type=click.Choice(("safe", "bold")), default="bold",
              show_default=True, help="The level of the variant drawn after the process.")
@click.option("--after/--no-after", default=True, show_default=True,
              help="Also draw the table of the simplified variant.")
@reports_errors
def sop(file: str | None, output: str, level: str, after: bool) -> None:
    """Draw the SOP flowchart table of PermenPANRB 35/2012 (No, Kegiatan, a column per
    Pelaksana with the flowchart symbols, Mutu Baku, Keterangan) of a process (the
    bundled building approval when FILE is left out) and of its simplified variant,
    as one printable HTML file."""
    from .io import write_atomic
    from .labels import level_label
    from .report.sop import sop_html

    process = _load(file)
    _check_html_output(output, [file] if file is not None else [])
    tables = [(_("Before"), process)]
    if after:
        from .simplify.engine import simplify as simplify_process

        variant = simplify_process(process, level)
        tables.append((_("After ({level})").format(level=level_label(level)),
                       variant.process))
    write_atomic(output, sop_html(tables))
    click.echo(f"{file or process.id} -> {output} (" + ngettext(
        "{count} table", "{count} tables", len(tables)).format(count=len(tables)) + ")")


@main.command()
@language_option
@click.argument("files", nargs=-1, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write (self-contained: opens offline, prints on A4).")
@click.option("--level", type=click.Choice(("safe", "bold")), default="bold",
              show_default=True, help="The level of the variants proposed.")
@click.option("--pictures/--no-pictures", default=True, show_default=True,
              help="Include the before/after pictures (and the comparison chart).")
@reports_errors
def report(files: tuple[str, ...], output: str, level: str, pictures: bool) -> None:
    """Write the workshop report of a process (the bundled building approval when no FILE
    is given): key figures before and after, the before/after picture, findings, every
    change with its reason and legal basis, an action plan, assumptions and sources.
    Several FILES give a catalogue report: the comparison first, then each process."""
    from .io import write_atomic
    from .report.workshop import build_report

    _check_html_output(output, files)
    processes = [_load(path) for path in files] if files else [_load(None)]
    write_atomic(output, build_report(processes, level, pictures))
    click.echo(ngettext("Wrote {path} ({count} process)", "Wrote {path} ({count} processes)",
                        len(processes)).format(path=output, count=len(processes)))



@main.command()
@language_option
@click.argument("file", required=False, type=click.Path())
@click.option("--cases", type=click.IntRange(min=1, max=10_000_000), default=10_000,
              show_default=True, help="How many cases to simulate.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Seed of the random numbers: the same seed gives the same figures.")
@click.option("--distribution", type=click.Choice(("pert", "triangular", "exponential")),
              default="pert", show_default=True,
              help="How durations written as ranges vary (exponential: every duration, with "
                   "its average as the mean).")
@click.option("--load/--no-load", default=True, show_default=True,
              help="Also simulate the queues when the process gives staff or batches.")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output as text or as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), callback=_picture_path,
              help="Also draw the lead-time distribution with the target (.png, .svg, .pdf).")
@click.option("--compare", "pair", nargs=2, type=click.Path(), metavar="BEFORE AFTER",
              help="Simulate two processes (a process and its variant) with the same seed.")
@click.option("--export-prosimos", "prosimos_dir", type=click.Path(file_okay=False),
              help="Write the scenario for the Prosimos simulator into this folder (its BPMN "
                   "and its JSON of parameters), to cross-check there.")
@reports_errors
def simulate(file: str | None, cases: int, seed: int, distribution: str, load: bool,
             output_format: str, output: str | None, pair: tuple[str, str] | None,
             prosimos_dir: str | None) -> None:
    """Simulate how long cases take (the bundled building approval when FILE is left out):
    the mean, P50, P80, P90 and P95 of the lead time, the share of cases within the target
    and the steps that drive the slowest cases; under load (queues for staff, batches,
    utilisation per desk) when the process gives staff per actor or batched steps."""
    from .analysis.errors import AnalysisError
    from .simulate.errors import SimulationError
    from .simulate.report import lead_times, render_text, simulation_report
    from .simulate.report import simulate as run

    if pair and file is not None:
        raise click.UsageError(_("give either FILE or --compare BEFORE AFTER, not both"))
    paths = list(pair) if pair else [file]
    if prosimos_dir is not None and pair:
        raise click.UsageError("--export-prosimos writes the scenario of one process; it does "
                               "not combine with --compare")
    results = []
    for path in paths:
        process = _load(path)
        try:
            results.append(run(process, cases, seed, distribution, load))
        except (AnalysisError, SimulationError) as exc:
            _fail(_("{name}: cannot simulate the process: {error}").format(
                name=path or process.id, error=exc.message))
    reports = [simulation_report(r) for r in results]
    if output_format == "json":
        data = reports[0] if len(reports) == 1 else {"before": reports[0], "after": reports[1]}
        from .jsontext import dumps as json_text

        click.echo(json_text(data))
    else:
        texts = [render_text(r) for r in reports]
        if pair:
            texts = [_("Before ({file}):").format(file=pair[0]) + f"\n{texts[0]}",
                     _("After ({file}):").format(file=pair[1]) + f"\n{texts[1]}",
                     _p90_line(results)]
        click.echo("\n\n".join(texts))
    if output is not None:
        from .render.distribution import draw_lead_times

        if pair:
            series = [(label, lead_times(r))
                      for label, r in zip(("before", "after"), results, strict=True)]
        elif results[0].load_lead is not None:  # both: what queues add is the story
            series = [("without queues", results[0].free.lead_times),
                      ("under load", lead_times(results[0]))]
        else:
            series = [(results[0].process.name, lead_times(results[0]))]
        first = results[0].process
        draw_lead_times(series, first.calendar.hours_per_day,
                        first.target.hours if first.target is not None else None, output,
                        title=_("Lead time of {process}: share of cases done by each "
                                "day").format(process=first.name))
        click.echo(_("Wrote {files}").format(files=output), err=True)
    if prosimos_dir is not None:
        from .simulate.prosimos import write_scenario

        try:
            written = write_scenario(results[0].process, prosimos_dir, distribution)
        except (OSError, SimulationError) as exc:
            _fail(f"{prosimos_dir}: {getattr(exc, 'message', exc)}")
        click.echo("Wrote " + ", ".join(str(p) for p in written), err=True)


def _p90_line(results) -> str:
    """The simulated P90 before and after, in days of the first process's calendar
    (working days, or calendar days on a seven-day calendar)."""
    from .formatting import format_days

    before, after = (r.lead_time().percentile(90) for r in results)
    process = results[0].process
    day, calendar = process.calendar.hours_per_day, process.calendar.days_per_week >= 7
    lang = i18n.language()
    change = (after - before) / day
    return _("P90 of the lead time: {before} before, {after} after ({change}).").format(
        before=format_days(before / day, calendar, lang),
        after=format_days(after / day, calendar, lang),
        change=("+" if change >= 0 else "-") + format_days(abs(change), calendar, lang))
