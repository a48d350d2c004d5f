"""What changed between a process and a variant of it, step by step, for the pictures.

A pure function of the two processes (and, when there is one, the change log of
``bpmodel simplify``). Steps are matched by id.

On the original:

- ``removed``: the variant has no such step;
- ``merged-away``: removed, its work taken over by a step the variant keeps.

On the variant:

- ``merged``: a kept step that took over removed ones (a change of the log that
  removed some of its steps and kept others; without a log, a kept step whose name
  changed next to a removed one);
- ``parallel``: a kept step that now starts from a parallel split and did not before;
- ``moved``: a kept step (not a gateway) whose nearest kept neighbours changed on both
  sides, and, with a log, that a change names;
- ``changed``: a kept step whose content changed (contact, documents, times, ...);
- ``new``: the original has no such step (a data exchange, a checklist, a gateway).

>>> from bpmodel.model import Flow, Process, Step
>>> a = Process("p", "P", steps=tuple(Step(i, i.upper()) for i in "abc"),
...             flows=(Flow("a", "b"), Flow("b", "c")))
>>> b = Process("p", "P", steps=(Step("a", "A and B"), Step("c", "C"), Step("n", "N")),
...             flows=(Flow("a", "c"), Flow("c", "n")))
>>> d = diff_processes(a, b)
>>> d.before["b"].kind, d.before["b"].into
('merged-away', 'a')
>>> d.after["a"].badge, d.after["n"].kind
('merged 2\u21921', 'new')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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

    ``changes`` is the change log (objects with ``steps``), when there is one: it
    says which kept step took over the steps a change removed.
    """
    changes = list(changes)
    kept = {s.id for s in original.steps if variant.has_step(s.id)}
    removed = [s.id for s in original.steps if not variant.has_step(s.id)]
    merged_into = _merges(original, variant, kept, set(removed), changes)
    before: dict[str, Mark] = {}
    for step_id in removed:
        target = merged_into.get(step_id)
        if target is None:
            before[step_id] = Mark(step_id, REMOVED, pgettext("badge", "removed"))
        else:
            before[step_id] = Mark(step_id, MERGED_AWAY, pgettext("badge", "merged"), target)
    absorbed: dict[str, int] = {}
    for target in merged_into.values():
        absorbed[target] = absorbed.get(target, 0) + 1
    split_before = _after_and_split(original)
    split_after = _after_and_split(variant)
    old_pred, old_succ = _kept_neighbours(original, kept)
    new_pred, new_succ = _kept_neighbours(variant, kept)
    after: dict[str, Mark] = {}
    in_changes = {s for change in changes for s in change.steps}
    for step in variant.steps:
        sid = step.id
        if sid not in kept:
            after[sid] = Mark(sid, NEW, pgettext("badge", "new"))
            continue
        parallel = sid in split_after and sid not in split_before
        if sid in absorbed:
            mark = Mark(sid, MERGED, pgettext("badge", "merged {count}\u21921").format(
                count=absorbed[sid] + 1))
        elif parallel:
            mark = Mark(sid, PARALLEL, pgettext("badge", "parallel"))
        elif (not step.is_gateway and (not changes or sid in in_changes)
              and old_pred[sid] != new_pred[sid] and old_succ[sid] != new_succ[sid]):
            mark = Mark(sid, MOVED, pgettext("badge", "moved"))
        elif step != original.step(sid):
            mark = Mark(sid, CHANGED, what_changed(original.step(sid), step))
        else:
            continue
        if parallel and mark.kind != PARALLEL:
            mark = Mark(sid, mark.kind, mark.badge + " \u00b7 " + pgettext("badge", "parallel"),
                        also=(PARALLEL,))
        after[sid] = mark
    return ProcessDiff(MappingProxyType(before), MappingProxyType(after))


def _merges(original: Process, variant: Process, kept: set[str], removed: set[str],
            changes: list) -> dict[str, str]:
    """Removed step -> the kept step it was merged into."""
    into: dict[str, str] = {}
    if changes:
        for change in changes:
            gone = [s for s in change.steps if s in removed and s not in into]
            stay = [s for s in change.steps if s in kept]
            if gone and stay:
                into.update(dict.fromkeys(gone, stay[0]))
        return into
    renamed = {sid for sid in kept if original.step(sid).name != variant.step(sid).name}
    for sid in removed:
        for other in (*original.predecessors(sid), *original.successors(sid)):
            if other.id in renamed:
                into[sid] = other.id
                break
    return into


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
    '1 document less'
    """
    notes = []
    if old.contact != new.contact:
        if new.contact is None:
            notes.append(_("no contact") if old.contact != "visit" else _("no visit"))
        else:
            notes.append(_("now {contact}").format(contact=contact_label(new.contact)))
    if set(old.needs) != set(new.needs):
        fewer = len(set(old.needs) - set(new.needs))
        notes.append(ngettext("{count} document less", "{count} documents less", fewer)
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
