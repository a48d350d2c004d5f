"""Findings: what is redundant, slow or unsound in a process, found by a catalogue of rules.

Each rule is one module of :mod:`bpmodel.analysis.rules` that only detects; this module
holds what they share: the :class:`Finding` and :class:`Saving` values, the registry of
rules, presets (plain ``rule -> severity`` maps), ``select``/``ignore``, per-rule options
and the engine :func:`find`, which runs every enabled rule on a process. A rule that
raises does not stop the run: it becomes a finding of its own (rule ``rule-error``).

>>> import bpmodel
>>> findings = find(bpmodel.load_process(bpmodel.default_process_path()),
...                 select=["manual-re-entry"])
>>> [(f.rule, f.severity, f.steps) for f in findings]
[('manual-re-entry', 'warning', ('register', 'reenter'))]
>>> round(findings[0].saving.annual_staff_hours)
900
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from types import MappingProxyType, ModuleType
from typing import Any

from ..diagnostics import did_you_mean
from ..formatting import format_days
from ..gcpause import paused_gc
from ..i18n import _, language
from ..model import Process
from .changed_steps import ChangedSteps, changed_steps
from .components import series_merge
from .facts import Facts
from .saving import Saving, plain_figure

INFO, WARNING, ERROR = "info", "warning", "error"
SEVERITIES = (INFO, WARNING, ERROR)
OFF = "off"
CATEGORIES = ("redundancy", "waste", "structure", "reading")
RULE_ERROR = "rule-error"
_ID = attrgetter("id")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Fix")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found in a process: which rule, how serious, which steps, why, and what
    fixing it would save. ``evidence`` is plain data (ids, figures) behind the message;
    ``rests_on`` names other steps whose facts the finding rests on (the signature that
    makes a collection needless), so that their assumed facts are reported with it."""

    rule: str
    severity: str
    steps: tuple[str, ...]
    message: str
    evidence: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    saving: Saving = Saving()
    rests_on: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.evidence, MappingProxyType):
            object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "rests_on", tuple(self.rests_on))

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the JSON report (``rule``, ``severity``, ``steps``, ``message``,
        ``evidence``, ``saving``)."""
        return {"rule": self.rule, "severity": self.severity, "steps": list(self.steps),
                "message": self.message, "evidence": _json(self.evidence),
                "saving": self.saving.to_dict()}


def _json(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [_json(v) for v in items]
    if isinstance(value, float):
        return plain_figure(value)
    return value


# Step fields most rules' detection never reads (the savings of their findings read them
# of the findings' own steps): a rule module names those it is blind to in ``BLIND``
# (a field -> None, or -> what it sees of the field), see Rule.blind.
TIMES = ("work", "wait", "time_known", "work_known", "batch")
VISIT_COSTS = ("visit_overhead", "visit_cost", "costs")
FEES = ("fee", "fee_known", "fee_formula")


def blind_to(*groups: Iterable[str]) -> dict[str, None]:
    """A rule's ``BLIND`` for fields it never reads.

    >>> sorted(blind_to(FEES, ["contact"]))
    ['contact', 'fee', 'fee_formula', 'fee_known']
    """
    return {name: None for group in groups for name in group}


def has_contact(contact: str | None) -> bool:
    """What a rule that only asks whether the applicant takes part in a step (a step with a
    contact, see :mod:`bpmodel.analysis.roles`) sees of its ``contact``."""
    return contact is not None


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue: its name, category, default severity, options and doc,
    and ``check``, the function that finds."""

    name: str
    category: str
    severity: str
    options: Mapping[str, Any]
    doc: str
    check: Callable[[Context], Iterable[Finding]] = field(repr=False)
    # the step fields the rule's detection does not read (None), or reads only through a
    # function (what it sees of the field); the savings of its findings may still read them
    # of the findings' own steps. A variant that changed only such fields of steps its
    # findings do not name has the same findings (see FindingsOnDemand).
    blind: Mapping[str, Callable[[Any], Any] | None] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False)
    # whether the rule's check reads Context.earlier (the findings of the earlier round)
    incremental: bool = field(default=False, repr=False, compare=False)
    # whether a series merge of two tasks (components.series_merge) leaves its findings,
    # savings included, as they were when none names either task and every other step is
    # the same object (see FindingsOnDemand)
    merge_blind: bool = field(default=False, repr=False, compare=False)

    @property
    def summary(self) -> str:
        """The first line of the doc."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(name=module.NAME, category=module.CATEGORY, severity=module.SEVERITY,
                   options=MappingProxyType(dict(getattr(module, "OPTIONS", {}))),
                   doc=_dedent(module.__doc__ or ""), check=module.check,
                   blind=MappingProxyType(dict(getattr(module, "BLIND", {}))),
                   incremental=getattr(module, "INCREMENTAL", False),
                   merge_blind=getattr(module, "MERGE_BLIND", False))


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


@dataclass(frozen=True)
class EarlierRound:
    """The findings of a rule on the process this one is a variant of, when the variant
    kept its graph and the fields of the process (only ``changed`` steps differ), the
    findings are told in the same language, and the runs and critical path that savings
    read are the same: a rule whose ``INCREMENTAL`` is true may take over those of its
    findings it knows to be the same (see extra-visit)."""

    findings: tuple[Finding, ...]
    changed: ChangedSteps


@dataclass(frozen=True)
class Context:
    """What a rule gets: the facts about the process, its options and its severity, and
    for an incremental rule what it found in the earlier round (or None)."""

    facts: Facts
    rule: Rule
    severity: str
    options: Mapping[str, Any]
    earlier: EarlierRound | None = None

    @property
    def process(self) -> Process:
        return self.facts.process

    def finding(self, steps: Iterable[str], message: str, *,
                evidence: Mapping[str, Any] | None = None,
                saving: Saving | None = None, rests_on: Iterable[str] = ()) -> Finding:
        """A finding of this rule, at its configured severity."""
        return Finding(self.rule.name, self.severity, tuple(steps), message,
                       MappingProxyType(dict(evidence or {})), saving or Saving(),
                       tuple(rests_on))


# -- the registry -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _catalogue() -> tuple[Rule, ...]:
    from . import rules as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.append(Rule.from_module(module))
    found.sort(key=lambda r: (CATEGORIES.index(r.category), r.name))
    return tuple(found)


def rules() -> tuple[Rule, ...]:
    """The catalogue: every rule, by category (redundancy, waste, structure, reading) then
    name."""
    return _catalogue()


def get_rule(name: str) -> Rule:
    """The rule with this name; KeyError (with a suggestion) when there is none.

    >>> get_rule("duplicate-step").category
    'redundancy'
    """
    for candidate in rules():
        if candidate.name == name:
            return candidate
    raise KeyError(f"no rule named {name!r}{did_you_mean(name, (r.name for r in rules()))}")


def _preset_maps() -> dict[str, dict[str, str]]:
    catalogue = rules()
    once_only = {"government-held-document", "repeated-document-request", "manual-re-entry"}
    return {
        "recommended": {r.name: r.severity for r in catalogue},
        "structure": {r.name: (r.severity if r.category == "structure" else OFF)
                      for r in catalogue},
        "once-only": {r.name: (r.severity if r.name in once_only else OFF) for r in catalogue},
    }


PRESETS = ("recommended", "structure", "once-only")


def preset(name: str) -> Mapping[str, str]:
    """A preset: a map from rule name to severity (or ``off``).

    ``recommended`` runs every rule at its default severity; ``structure`` only the
    soundness rules (useful on imported BPMN); ``once-only`` the rules about asking the
    applicant for data the government already has.

    >>> preset("structure")["deadlock"], preset("structure")["duplicate-step"]
    ('error', 'off')
    """
    maps = _preset_maps()
    if name not in maps:
        raise ValueError(f"no preset named {name!r}{did_you_mean(name, maps)}; "
                         f"presets: {', '.join(PRESETS)}")
    return MappingProxyType(maps[name])


def _expand(names: Iterable[str], where: str) -> list[str]:
    """Rule names for a list of rule names, categories, presets or ``all``."""
    catalogue = rules()
    known = {r.name for r in catalogue}
    out: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name.lower() == "all":
            out.extend(r.name for r in catalogue)
        elif name in CATEGORIES:
            out.extend(r.name for r in catalogue if r.category == name)
        elif name in known:
            out.append(name)
        elif name in PRESETS:
            out.extend(rule for rule, level in preset(name).items() if level != OFF)
        else:
            hint = did_you_mean(name, [*known, *CATEGORIES, *PRESETS])
            raise ValueError(f"{where}: no rule, category or preset named {name!r}{hint}")
    return out


def enabled_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                  preset_name: str = "recommended",
                  severities: Mapping[str, str] | None = None) -> list[tuple[Rule, str]]:
    """The rules to run, each with its severity.

    Start from the preset; ``select`` (rule names, categories, presets or ``all``) keeps
    only those rules, turning on any the preset has off at their default severity;
    ``ignore`` drops rules; ``severities`` overrides the severity of single rules (``off``
    drops them).

    >>> [r.name for r, _ in enabled_rules(select=["structure"], ignore=["dead-end"])]
    ['deadlock', 'lack-of-synchronization', 'superfluous-gateway', 'unreachable-step']
    """
    levels = dict(preset(preset_name))
    chosen = [r for r in rules() if levels[r.name] != OFF]
    if select is not None:
        wanted = set(_expand(select, "select"))
        chosen = [r for r in rules() if r.name in wanted]
    dropped = set(_expand(ignore or (), "ignore"))
    out = []
    for rule in chosen:
        if rule.name in dropped:
            continue
        level = levels[rule.name] if levels[rule.name] != OFF else rule.severity
        if severities and rule.name in severities:
            level = severities[rule.name]
            if level not in (*SEVERITIES, OFF):
                raise ValueError(f"severity of {rule.name}: {level!r} is not one of "
                                 f"{', '.join((*SEVERITIES, OFF))}")
        if level != OFF:
            out.append((rule, level))
    return out


def rule_options(rule: Rule, given: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A rule's options: its defaults with ``given`` laid over them, checked by name and type.

    >>> rule_options(get_rule("rework-loop"), {"min_probability": 0.5})["min_probability"]
    0.5
    """
    merged = dict(rule.options)
    for key, value in (given or {}).items():
        if key not in rule.options:
            known = ", ".join(rule.options) or "none"
            raise ValueError(f"rule {rule.name} has no option {key!r}"
                             f"{did_you_mean(key, rule.options)}; its options: {known}")
        default = rule.options[key]
        if not _same_type(default, value):
            raise ValueError(f"option {rule.name}.{key}: expected "
                             f"{type(default).__name__}, got {value!r}")
        merged[key] = tuple(value) if isinstance(default, tuple) else value
    return MappingProxyType(merged)


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, tuple):
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


# -- the engine ---------------------------------------------------------------------------

@paused_gc()
def find(process: Process, *, select: Iterable[str] | None = None,
         ignore: Iterable[str] | None = None, preset_name: str = "recommended",
         severities: Mapping[str, str] | None = None,
         options: Mapping[str, Mapping[str, Any]] | None = None,
         lexicon=None) -> list[Finding]:
    """Run the enabled rules on a process and return their findings, most severe first.

    ``options`` maps a rule name to its options (see ``bpmodel rules NAME``); ``lexicon``
    replaces the bundled word list (:class:`bpmodel.analysis.actions.Lexicon`). A rule
    that raises gives one finding of rule ``rule-error`` (severity error) and the others
    still run. ValueError for unknown rules, options or severities.
    """

    chosen = enabled_rules(select, ignore, preset_name, severities)
    for name in options or {}:
        get_rule(name)  # unknown rule names in options are mistakes too
    facts = Facts(process, lexicon)
    found: list[Finding] = []
    for rule, severity in chosen:
        found.extend(_check(facts, rule, severity, (options or {}).get(rule.name)))
    return sort_findings(process, found)


def _check(facts: Facts, rule: Rule, severity: str,
           options: Mapping[str, Any] | None, earlier: EarlierRound | None = None
           ) -> list[Finding]:
    """The findings of one rule, or one ``rule-error`` finding when the rule raises."""
    context = Context(facts, rule, severity, rule_options(rule, options), earlier)
    try:
        return list(rule.check(context))
    except Exception as exc:  # a broken rule must not stop the others
        return [Finding(
            RULE_ERROR, ERROR, (),
            _("rule {rule} failed on this process ({error}); its findings are missing. "
              "Please report this.").format(rule=rule.name,
                                            error=f"{type(exc).__name__}: {exc}"),
            {"rule": rule.name, "error": f"{type(exc).__name__}: {exc}"})]


class FindingsOnDemand:
    """The findings of one process at the default severities, each rule run only when
    its findings are first asked for, all on one set of facts: a caller that may need
    only a few rules (the simplify engine stops at the first rewrite that applies) pays
    only for those. ``of(rules)`` is what ``find(process, select=rules)`` returns.

    >>> import bpmodel
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> on_demand = FindingsOnDemand(process)
    >>> on_demand.of(["manual-re-entry"]) == find(process, select=["manual-re-entry"])
    True
    >>> on_demand.ran
    ('manual-re-entry',)

    ``earlier``: the findings of the process this one is a variant of (the simplify
    engine's previous round). A rule's findings are then taken over when the variant
    kept the graph and changed only step fields the rule is blind to (``BLIND`` of its
    module), in steps none of its findings names, and the runs and the critical path
    its savings read are the original's; the variant's facts take over what the
    original's read of each step they share. Either way the findings are those of a
    fresh run (``tests/test_incremental_findings.py`` compares them).

    >>> from dataclasses import replace
    >>> variant = process.evolve(steps=tuple(
    ...     replace(s, contact="online") if s.id == "pay" else s for s in process.steps))
    >>> again = FindingsOnDemand(variant, earlier=on_demand)
    >>> again.of(["manual-re-entry"]) == find(variant, select=["manual-re-entry"])
    True
    """

    def __init__(self, process: Process, earlier: FindingsOnDemand | None = None):
        self.process = process
        self._earlier = earlier
        if earlier is not None:
            earlier._earlier = None  # one round back is enough: the run is not kept alive
        self._facts: Facts | None = None
        self._by_rule: dict[str, list[Finding]] = {}
        self._found_in: dict[str, tuple[str, bool]] = {}  # the language they are told in
        self._position: dict[str, int] | None = None
        self._changed: ChangedSteps | None | bool = False  # False: not worked out yet
        self._same_savings: bool | None = None

    @property
    def ran(self) -> tuple[str, ...]:
        """The rules run so far, in the order they ran."""
        return tuple(self._by_rule)

    def none_found(self, rules: Iterable[str]) -> None:
        """Record that ``rules`` (names) find nothing on this process, known without running
        them (the caller knows it from a process with the same graph, say); ``of`` then
        does not run them.

        >>> import bpmodel
        >>> on_demand = FindingsOnDemand(bpmodel.load_process(bpmodel.default_process_path()))
        >>> on_demand.none_found(["deadlock"])
        >>> on_demand.of(["deadlock"]), on_demand.ran
        ([], ('deadlock',))
        """
        for rule in rules:
            self._by_rule.setdefault(rule, [])

    def of(self, rules: Iterable[str]) -> list[Finding]:
        """The findings of ``rules`` (names), sorted as :func:`find` sorts them: the
        same list, in the same order, as ``find(process, select=rules)``."""
        chosen = _selected(tuple(rules))
        missing = [(rule, severity) for rule, severity in chosen
                   if rule.name not in self._by_rule]
        if missing:
            self._run(missing)
        found = [f for rule, _severity in chosen for f in self._by_rule[rule.name]]
        if len(found) < 2:
            return found  # nothing to sort: the places of the steps are not needed
        if self._position is None:
            earlier = self._earlier
            if earlier is not None and earlier._position is not None \
                    and isinstance(self._changed, ChangedSteps):
                self._position = earlier._position  # the same graph: the same places
            elif self._facts is not None:
                self._position = self._facts.position  # the same map (C loops, or taken over)
            else:  # {s.id: i for i, s in enumerate(steps)} by the C loops
                ids = list(map(_ID, self.process.steps))
                self._position = dict(zip(ids, range(len(ids))))
        return _sorted(found, self._position)

    @paused_gc()
    def _run(self, chosen: list[tuple[Rule, str]]) -> None:
        told_in = _told_in()
        for rule, severity in chosen:
            found = self._taken_over(rule, told_in)
            if found is None:
                found = _check(self.facts, rule, severity, None,
                               self._earlier_round(rule, told_in))
            self._by_rule[rule.name] = found
            self._found_in[rule.name] = told_in

    @property
    def facts(self) -> Facts:
        """The facts the rules read (made on first use; they take over what the facts of
        ``earlier`` read of each step they share)."""
        if self._facts is None:
            earlier = self._earlier
            self._facts = Facts(self.process, earlier=earlier._facts if earlier else None)
        return self._facts

    def _taken_over(self, rule: Rule, told_in: tuple[str, bool]) -> list[Finding] | None:
        """The findings of ``rule`` on ``earlier``'s process when they are this process's
        too (see the class doc), else None."""
        earlier = self._earlier
        if earlier is None or not (rule.blind or rule.merge_blind) \
                or rule.name not in earlier._by_rule:
            return None
        found = earlier._by_rule[rule.name]
        if found and earlier._found_in.get(rule.name) != told_in:
            return None
        if self._changed is False:
            self._changed = changed_steps(earlier.process, self.process)
        change = self._changed
        if change is None and rule.merge_blind:
            return self._taken_over_merge(found)
        if change is None or not rule.blind or not change.alike_for(rule.blind):
            return None
        if not found:
            return []
        if any(not change.ids.isdisjoint(_named(f)) for f in found):
            return None
        if self._same_savings is None:
            self._same_savings = _same_savings(earlier.facts, self.facts)
        return list(found) if self._same_savings else None


    def _taken_over_merge(self, found: list[Finding]) -> list[Finding] | None:
        """The findings ``found`` of a rule whose ``MERGE_BLIND`` is true on ``earlier``'s
        process when this process is a series merge of it
        (:func:`~bpmodel.analysis.components.series_merge`) whose other steps are all the
        same objects (read alike: the same lexicon and actors) and none of the findings
        names either merged task; else None."""
        merged = series_merge(self._earlier.process, self.process)
        if merged is None:
            return None
        fresh = self.facts._fresh
        if fresh is None or not fresh <= {merged[0]}:
            return None
        if any(not _named(f).isdisjoint(merged) for f in found):
            return None
        return list(found)

    def _earlier_round(self, rule: Rule, told_in: tuple[str, bool]) -> EarlierRound | None:
        """What an incremental rule may take over of its findings in the earlier round
        (see :class:`EarlierRound`), or None."""
        earlier = self._earlier
        if earlier is None or not rule.incremental or rule.name not in earlier._by_rule \
                or earlier._found_in.get(rule.name) != told_in:
            return None
        if self._changed is False:
            self._changed = changed_steps(earlier.process, self.process)
        if self._changed is None:
            return None
        if self._same_savings is None:
            self._same_savings = _same_savings(earlier.facts, self.facts)
        if not self._same_savings:
            return None
        return EarlierRound(tuple(earlier._by_rule[rule.name]), self._changed)


@lru_cache(maxsize=256)
def _selected(names: tuple[str, ...]) -> tuple[tuple[Rule, str], ...]:
    """``enabled_rules(select=names)`` at the default severities, worked out once for each
    selection (the simplify engine asks for the same few every round)."""
    return tuple(enabled_rules(select=list(names)))


def _told_in() -> tuple[str, bool]:
    """What the words of findings depend on besides the process: the language, and
    whether days are told as calendar days (:func:`in_calendar_days`)."""
    return language(), _IN_CALENDAR_DAYS.get()


def _named(finding: Finding) -> set[str]:
    """Every step id a finding may name: its steps, what it rests on, and every text in
    its evidence (keys and values)."""
    named = {*finding.steps, *finding.rests_on}
    stack: list[Any] = [finding.evidence]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            named.add(value)
        elif isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
    return named


def _same_savings(original: Facts, variant: Facts) -> bool:
    """Whether what savings read of the whole process is the same in both: whether it can
    be measured, the expected runs of every step and the steps on the critical path (the
    rest they read of the steps they name, or of the process's own fields)."""
    if original.measurable != variant.measurable:
        return False
    if not original.measurable:
        return True
    runs, theirs = original.timing.expectation.runs, variant.timing.expectation.runs
    return (runs is theirs or runs == theirs) and original.critical == variant.critical


def sort_findings(process: Process, found: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then in the order of the process's steps, then by rule."""
    return _sorted(found, {s.id: i for i, s in enumerate(process.steps)})


@lru_cache(maxsize=1)
def _rule_order() -> dict[str, int]:
    """The place of each rule in the catalogue (:func:`rules`)."""
    return {r.name: i for i, r in enumerate(rules())}


def _sorted(found: Iterable[Finding], position: Mapping[str, int]) -> list[Finding]:
    """:func:`sort_findings` with the position of each step known."""
    order = _rule_order()
    rank = {ERROR: 0, WARNING: 1, INFO: 2}

    def key(f: Finding):
        first = min((position.get(s, len(position)) for s in f.steps), default=-1)
        return rank.get(f.severity, 3), first, order.get(f.rule, -1)

    return sorted(found, key=key)


# Whether findings are written for a report that counts calendar days (the Doing Business
# convention): their working days are then given as calendar days (see calendar_factor).
_IN_CALENDAR_DAYS: ContextVar[bool] = ContextVar("in_calendar_days", default=False)


@contextmanager
def in_calendar_days(on: bool = True) -> Iterator[None]:
    """Inside the block, :func:`days_of` gives days as calendar days (when ``on``)."""
    token = _IN_CALENDAR_DAYS.set(on)
    try:
        yield
    finally:
        _IN_CALENDAR_DAYS.reset(token)


def calendar_factor(process: Process, calendar_days: bool) -> float:
    """Calendar days per working day of ``process`` when a report counts calendar days
    (7 / days a week, as the Doing Business convention converts a step's time), else 1.

    >>> calendar_factor(Process("p", "P"), True), calendar_factor(Process("p", "P"), False)
    (1.4, 1.0)
    """
    week = process.calendar.days_per_week
    return 7 / week if calendar_days and week < 7 else 1.0


def days_of(process: Process, days: float | None) -> str:
    """A number of days (working days of the process calendar) as rules write it, with its
    unit in the language of the output: working days, or calendar days on a seven-day
    calendar and inside :func:`in_calendar_days` (converted).

    >>> from bpmodel.model import Calendar
    >>> days_of(Process("p", "P"), 2.54), days_of(Process("p", "P", calendar=Calendar(8, 7)), 1)
    ('2.5 working days', '1 calendar day')
    >>> with in_calendar_days():
    ...     days_of(Process("p", "P"), 5)
    '7 calendar days'
    """
    calendar = _IN_CALENDAR_DAYS.get() or process.calendar.days_per_week >= 7
    factor = calendar_factor(process, _IN_CALENDAR_DAYS.get())
    return format_days(None if days is None else days * factor, calendar, language())


def listing(items: Iterable[str], limit: int = 8, sep: str = ", ") -> str:
    """Items for a message, the first ``limit`` of them and how many more.

    >>> listing(["a", "b", "c"], limit=2)
    'a, b and 1 more'
    """
    items = list(items)
    shown = sep.join(items[:limit])
    if len(items) <= limit:
        return shown
    return _("{items} and {count} more").format(items=shown, count=len(items) - limit)


def doc_sections(doc: str) -> list[str]:
    """The section headings of a rule doc (a line followed by a line of dashes).

    >>> doc_sections("Title.\\n\\nWhat it does\\n------------\\nFinds.\\n")
    ['What it does']
    """
    lines = doc.splitlines()
    return [lines[i].strip() for i in range(len(lines) - 1)
            if lines[i].strip() and set(lines[i + 1].strip()) == {"-"}]
