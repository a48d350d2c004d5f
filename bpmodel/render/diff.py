"""What changed between a process and a variant of it, step by step, for the pictures.

A pure function of the two processes (and, when there is one, the change log of
``bpmodel simplify``). Steps are matched by id.

On the original:

- ``removed``: the variant has no such step, and no step of the variant took over its
  work;
- ``merged-away``: removed, its work taken over by a step of the variant.

On the variant:

- ``merged``: a step that took over removed ones. The variant says so itself: each
  step's ``merged_from`` names the steps of the original whose work it does (``bpmodel
  simplify`` writes it, so a picture drawn from its files shows what its own picture
  shows). Only for a variant that names none, a change log, when there is one, says it:
  a change that removed some of its steps and kept others. Nothing is guessed from
  names;
- ``parallel``: a kept step that now starts from a parallel split and did not before;
- ``moved``: a kept step (not a gateway) whose nearest kept neighbours changed on both
  sides, and, with a log, that a change names;
- ``changed``: a kept step whose content changed (contact, documents, times, ...);
- ``new``: the original has no such step (a data exchange, a checklist, a gateway).

>>> from bpmodel.model import Flow, Process, Step
>>> a = Process("p", "P", steps=tuple(Step(i, i.upper()) for i in "abc"),
...             flows=(Flow("a", "b"), Flow("b", "c")))
>>> b = Process("p", "P", steps=(Step("a", "A and B", merged_from=("b",)), Step("c", "C"),
...                                Step("n", "N")), flows=(Flow("a", "c"), Flow("c", "n")))
>>> d = diff_processes(a, b)
>>> d.before["b"].kind, d.before["b"].into
('merged-away', 'a')
>>> d.after["a"].badge, d.after["n"].kind
('merged 2\u21921', 'new')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ..i18n import _, ngettext, pgettext
from ..labels import contact_label
from ..model import Process, Step

REMOVED, MERGED_AWAY = "removed", "merged-away"
MERGED, PARALLEL, MOVED, CHANGED, NEW = "merged", "parallel", "moved", "changed", "new"
BEFORE_KINDS = (REMOVED, MERGED_AWAY)
AFTER_KINDS = (MERGED, PARALLEL, MOVED, CHANGED, NEW)


@dataclass(frozen=True, slots=True)
class Mark:
    """How one step differs: its ``kind``, the ``badge`` drawn on it, for a step merged
    away the id of the step it went ``into``, and the kinds it ``also`` is (a merged step
    that was made parallel too)."""

    step: str
    kind: str
    badge: str
    into: str | None = None
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcessDiff:
    """Marks on the original's steps (``before``) and on the variant's (``after``)."""

    before: Mapping[str, Mark] = field(default_factory=lambda: MappingProxyType({}))
    after: Mapping[str, Mark] = field(default_factory=lambda: MappingProxyType({}))

    def count(self, kind: str) -> int:
        """How many steps carry a mark of ``kind``."""
        marks = self.before if kind in BEFORE_KINDS else self.after
        return sum(m.kind == kind or kind in m.also for m in marks.values())

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds that occur, in the order of :data:`BEFORE_KINDS` + :data:`AFTER_KINDS`."""
        return tuple(k for k in (*BEFORE_KINDS, *AFTER_KINDS) if self.count(k))


def diff_processes(original: Process, variant: Process, changes: Iterable = ()
                   ) -> ProcessDiff:
    """Mark what changed from ``original`` to ``variant``.

    ``changes`` is the change log (objects with ``steps``), when there is one: for a
    variant whose steps name no ``merged_from``, it says which kept step took over the
    steps a change removed; it also limits ``moved`` to the steps the changes name.
    """
    changes = list(changes)
    kept = {s.id for s in original.steps if variant.has_step(s.id)}
    removed = [s.id for s in original.steps if not variant.has_step(s.id)]
    merged_into = _merges(variant, set(removed), changes)
    before: dict[str, Mark] = {}
    for step_id in removed:
        target = merged_into.get(step_id)
        if target is None:
            before[step_id] = Mark(step_id, REMOVED, pgettext("badge", "removed"))
        else:
            before[step_id] = Mark(step_id, MERGED_AWAY, pgettext("badge", "merged"), target)
    # how many steps of the original each step of the variant does: a kept step its own
    # and those merged into it; a new step those merged into it ("A and B" in one new step)
    does: dict[str, int] = {}
    for target in merged_into.values():
        does[target] = does.get(target, 1 if target in kept else 0) + 1
    split_before = _after_and_split(original)
    split_after = _after_and_split(variant)
    old_pred, old_succ = _kept_neighbours(original, kept)
    new_pred, new_succ = _kept_neighbours(variant, kept)
    after: dict[str, Mark] = {}
    in_changes = {s for change in changes for s in change.steps}
    for step in variant.steps:
        sid = step.id
        if sid not in kept and does.get(sid, 0) < 2:
            after[sid] = Mark(sid, NEW, pgettext("badge", "new"))
            continue
        parallel = sid in kept and sid in split_after and sid not in split_before
        if sid in does:
            mark = Mark(sid, MERGED, pgettext("badge", "merged {count}\u21921").format(
                count=does[sid]))
        elif parallel:
            mark = Mark(sid, PARALLEL, pgettext("badge", "parallel"))
        elif (not step.is_gateway and (not changes or sid in in_changes)
              and old_pred[sid] != new_pred[sid] and old_succ[sid] != new_succ[sid]):
            mark = Mark(sid, MOVED, pgettext("badge", "moved"))
        elif _content(step) != _content(original.step(sid)):
            mark = Mark(sid, CHANGED, what_changed(original.step(sid), step))
        else:
            continue
        if parallel and mark.kind != PARALLEL:
            mark = Mark(sid, mark.kind, mark.badge + " \u00b7 " + pgettext("badge", "parallel"),
                        also=(PARALLEL,))
        after[sid] = mark
    return ProcessDiff(MappingProxyType(before), MappingProxyType(after))


def _merges(variant: Process, removed: set[str], changes: list) -> dict[str, str]:
    """Removed step -> the step of the variant it was merged into: as the variant's
    ``merged_from`` says (ids that are no removed step of the original are not this
    comparison's: a variant of a variant names the first original's steps too), else,
    for a variant that names none, as the change log says (:func:`_merges_in_log`)."""
    into: dict[str, str] = {}
    declared = False
    for step in variant.steps:
        declared = declared or bool(step.merged_from)
        for merged in step.merged_from:
            if merged in removed:
                into.setdefault(merged, step.id)
    if declared or not changes:
        return into
    return _merges_in_log(variant, removed, changes)


def _merges_in_log(variant: Process, removed: set[str], changes: list) -> dict[str, str]:
    """Removed step -> the step it was merged into, as the change log says: a change
    that ends some of its steps and leaves others passes the work of the ones it ends to
    the last one it leaves (the step a flattened cascade or a removed duplicate leaves;
    a step ends in the last change that names it, unless the variant has it), and a step
    merged into one that a later change merges again ends where that one does.

    >>> from types import SimpleNamespace as Change
    >>> v = Process("p", "P", steps=(Step("a", "A"),))
    >>> sorted(_merges_in_log(v, {"b", "c"}, [Change(steps=("c", "b")),
    ...                                       Change(steps=("b", "a"))]).items())
    [('b', 'a'), ('c', 'a')]
    """
    heir: dict[str, str] = {}
    later: set[str] = set()
    for change in reversed(changes):
        stay = [s for s in change.steps if variant.has_step(s) or s in later]
        if stay:
            for gone in change.steps:
                if not variant.has_step(gone) and gone not in later:
                    heir[gone] = stay[-1]
        later.update(change.steps)
    into: dict[str, str] = {}
    for step_id in heir.keys() & removed:
        target, seen = heir[step_id], {step_id}
        while not variant.has_step(target) and target in heir and target not in seen:
            seen.add(target)
            target = heir[target]
        if variant.has_step(target):
            into[step_id] = target
    return into


def _content(step: Step) -> Step:
    """The step without what it records of other steps (``merged_from``): what a
    ``changed`` mark compares."""
    return replace(step, merged_from=()) if step.merged_from else step


def _after_and_split(process: Process) -> set[str]:
    """The steps that a parallel (``and``) split starts."""
    out: set[str] = set()
    for step in process.gateways:
        flows = process.outgoing(step.id)
        if step.kind == "and" and len(flows) > 1:
            out.update(f.target for f in flows)
    return out


def _kept_neighbours(process: Process, kept: set[str]
                     ) -> tuple[dict[str, frozenset], dict[str, frozenset]]:
    """For each kept step, the nearest kept steps before and after it, walking through
    the steps that are not kept (removed ones, new ones and gateways of the change)."""

    def nearest(start: str, step_of) -> frozenset:
        found, seen, stack = set(), {start}, [start]
        while stack:
            for other in step_of(stack.pop()):
                if other.id in seen:
                    continue
                seen.add(other.id)
                if other.id in kept:
                    found.add(other.id)
                else:
                    stack.append(other.id)
        return frozenset(found)

    ids = [s.id for s in process.steps if s.id in kept]
    return ({sid: nearest(sid, process.predecessors) for sid in ids},
            {sid: nearest(sid, process.successors) for sid in ids})


def what_changed(old: Step, new: Step) -> str:
    """A badge saying how a kept step changed, e.g. ``now online``.

    >>> from bpmodel.model import Step
    >>> what_changed(Step("p", "Pay", contact="visit"), Step("p", "Pay", contact="online"))
    'now online'
    >>> what_changed(Step("s", "Submit", needs=("a", "b")), Step("s", "Submit", needs=("b",)))
    '1 fewer document'
    """
    notes = []
    if old.contact != new.contact:
        if new.contact is None:
            notes.append(_("no contact") if old.contact != "visit" else _("no visit"))
        else:
            notes.append(_("now {contact}").format(contact=contact_label(new.contact)))
    if set(old.needs) != set(new.needs):
        fewer = len(set(old.needs) - set(new.needs))
        notes.append(ngettext("{count} fewer document", "{count} fewer documents", fewer)
                     .format(count=fewer) if fewer else _("asks more"))
    if old.work.hours + old.wait.hours != new.work.hours + new.wait.hours:
        faster = new.work.hours + new.wait.hours < old.work.hours + old.wait.hours
        notes.append(_("faster") if faster else _("slower"))
    if old.actor != new.actor:
        notes.append(_("other actor"))
    if old.name != new.name:
        notes.append(_("renamed"))
    if old.system != new.system:
        notes.append(_("system") if new.system else _("no system"))
    if set(old.produces) != set(new.produces):
        notes.append(_("more output") if set(new.produces) > set(old.produces)
                     else _("other output"))
    return ", ".join(notes[:2]) or pgettext("badge", "changed")
