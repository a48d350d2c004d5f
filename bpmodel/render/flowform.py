"""The flow form of a picture: every step in one lane, each task tagged with its actor.

Swimlanes cost height: a band of a folded picture touches most lanes, and each lane
needs room for its name. When the swimlanes of a process do not fit the page budget
of a picture, it is drawn in the flow form instead: the same layout builder lays out a
*view* of the process whose steps all belong to one actor (:func:`flow_view`), so
parallel branches pack into a few rows; each task carries who does it on its last line
(:func:`actor_tags`: ``Agency · Actor``, abbreviated consistently with a key when that
does not fit a task), on a chip of one colour per agency (the colours differ in
greyscale too), and a flow that hands the work over to another actor is drawn thick
(:func:`handoffs`). The model itself is not changed: measures, diffs and findings are
those of the real process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..i18n import _
from ..model import SEQUENCE, Actor, Process
from .fonts import text_width
from .painter import INK, PAD, PT, ActorTag

FORMS = ("lanes", "flow", "auto")
LANE_ID = "flow-form"        # the one actor of a flow view (a free id is chosen)
TAG_SIZE = 8.0               # points: the tag is written at the names' size, at most this
TAG_ROOM = 100.0 - 2 * PAD - 4   # units: a task's width less its padding and the chip's
#                                  (wider tasks were measured: more bands, more pages)
# (face, ink) per agency, darkest first: their greys are about 40 apart (of 255), so
# they differ on a greyscale print; actors of no agency (citizens, businesses) are white
AGENCY_COLOURS = (("#0B3C68", "#FFFFFF"), ("#9C3D10", "#FFFFFF"), ("#2E8B57", "#FFFFFF"),
                  ("#E69F00", INK), ("#A9D3F0", INK), ("#E6E6E6", INK))
NO_AGENCY = ("#FFFFFF", INK)
SMALL_WORDS = frozenset({"of", "the", "and", "for", "a", "an", "to", "in", "on", "at", "dan",
                         "di", "ke", "untuk", "dari", "yang", "atau", "&", "\u00b7", "-"})


def free_id(processes: Iterable[Process], wanted: str = LANE_ID) -> str:
    """An actor id no actor (nor pool) of ``processes`` has."""
    taken = {x.id for p in processes for x in (*p.actors, *p.pools)}
    out, k = wanted, 1
    while out in taken:
        k += 1
        out = f"{wanted}-{k}"
    return out


def flow_view(process: Process, lane: str | None = None, name: str = "") -> Process:
    """``process`` with every step in one lane of one actor (no pools): what the layout
    builder lays out for the flow form (``lane``: the id of its actor, by default a
    free one; ``name``: the lane's, written in its strip). Only the drawing uses it.

    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")),
    ...             steps=(Step("s", "Ask", actor="a"), Step("t", "Answer", actor="b")))
    >>> view = flow_view(p)
    >>> [a.id for a in view.actors], {s.actor for s in view.steps}
    (['flow-form'], {'flow-form'})
    """
    lane = lane or free_id((process,))
    return replace(process, actors=(Actor(lane, name),), pools=(),
                   steps=tuple(replace(s, actor=lane) for s in process.steps),
                   drawing=None)


def handoffs(process: Process) -> frozenset[tuple[str, str]]:
    """The sequence flows ``(source, target)`` that hand the work over: into a step
    whose actor differs from an actor the work comes from (through gateways and events,
    which have none).

    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")),
    ...     steps=(Step("s", "Ask", actor="a"), Step("g", "?", type="gateway", kind="xor"),
    ...            Step("t", "Answer", actor="b"), Step("u", "Thank", actor="b")),
    ...     flows=(Flow("s", "g"), Flow("g", "t"), Flow("t", "u")))
    >>> sorted(handoffs(p))
    [('g', 't')]
    """
    own = {s.id: s.actor for s in process.steps}
    sequence = [f for f in process.flows if f.kind == SEQUENCE]
    following: dict[str, list[str]] = {}
    for flow in sequence:
        following.setdefault(flow.source, []).append(flow.target)
    # the actors whose work reaches each step without an actor: grown along the flows
    # until nothing changes (each set only grows, up to the number of actors)
    reach: dict[str, set[str]] = {s.id: set() for s in process.steps if not s.actor}
    work = [s.id for s in process.steps if s.actor]
    while work:
        node = work.pop()
        came = {own[node]} if own.get(node) else reach.get(node, set())
        for target in following.get(node, ()):
            if target in reach and not came <= reach[target]:
                reach[target] |= came
                work.append(target)
    out = set()
    for flow in sequence:
        target = own.get(flow.target)
        if not target:
            continue
        came = {own[flow.source]} if own.get(flow.source) else reach.get(flow.source, set())
        if came - {target}:
            out.add((flow.source, flow.target))
    return frozenset(out)


def acronym(name: str) -> str:
    """A short form of a name: the letters in brackets at its end when it gives them
    (``... (PTSP)``), a word in capitals kept whole, else the first letter of each word
    but small words.

    >>> acronym("Public Works"), acronym("Head of licensing division"), acronym("PTSP")
    ('PW', 'HLD', 'PTSP')
    >>> acronym("One-stop integrated service office (PTSP)"), acronym("Regent")
    ('PTSP', 'R')
    """
    words = name.replace("(", " ( ").replace(")", " ) ").split()
    if len(words) >= 3 and words[-1] == ")" and "(" in words:
        inner = words[len(words) - 1 - words[::-1].index("("):][1:-1]
        if len(inner) == 1:
            return inner[0]
    out = []
    for word in (w for w in words if w not in ("(", ")")):
        if word.lower() in SMALL_WORDS:
            continue
        if len(word) > 1 and word.isupper():
            out.append(word)
        elif word[0].isalnum():
            out.append(word[0].upper())
    return "".join(out) or name[:3]


@dataclass(frozen=True)
class ActorKey:
    """The actor tags of a picture: the tag of each actor, and the short forms used in
    them with what they stand for, in alphabetical order."""

    tags: Mapping[str, ActorTag]
    short: tuple[tuple[str, str], ...] = ()

    def of_steps(self, process: Process) -> dict[str, ActorTag]:
        """The tag of each task of ``process`` (the tasks with an actor)."""
        return {s.id: self.tags[s.actor] for s in process.steps
                if s.is_task and s.actor in self.tags}



def agencies_of(processes: Sequence[Process]) -> dict[str, str]:
    """Each actor's agency: its ``agency``, else the name of its pool when the processes
    have several pools (a lone pool only repeats the process's name)."""
    pools = {pool.id: pool.name for p in processes for pool in p.pools}
    several = len(pools) > 1
    out = {}
    for process in processes:
        for actor in process.actors:
            group = actor.agency or (pools.get(actor.pool) if several and actor.pool else None)
            if group and actor.id not in out:
                out[actor.id] = group
    return out


def _fits(text: str, room: float, size: float) -> bool:
    return all(text_width(line, size) / PT <= room for line in text.split("\n"))


def _two_lines(name: str, room: float, size: float) -> str:
    """``name`` on two lines within ``room`` units when it can be (else as it is)."""
    from .fonts import wrap

    lines = wrap(name, room * PT, size)
    return "\n".join(lines) if len(lines) == 2 else name


def actor_key(processes: Sequence[Process], room: float = TAG_ROOM,
              size: float = TAG_SIZE) -> ActorKey:
    r"""The tag of every actor of ``processes`` (one key for all, so that an actor reads
    the same on both sides of a before/after): ``Agency · Actor`` when that fits
    ``room`` units at ``size`` points, else with the agency's short form, else on two
    lines, else with the actor's short form too; an actor without an agency is its name
    (on two lines, or its short form, when it is long). Short forms are listed in
    :attr:`ActorKey.short`. One colour per
    agency (:data:`AGENCY_COLOURS`, repeated with a grey edge past the sixth).

    >>> from bpmodel.model import Actor, Process
    >>> p = Process("p", "P", actors=(Actor("a", "Applicant", kind="citizen"),
    ...     Actor("b", "Back office", agency="PTSP"),
    ...     Actor("h", "Head of licensing division", agency="PTSP"),
    ...     Actor("t", "Technical team", agency="Public Works")))
    >>> key = actor_key([p])
    >>> [key.tags[a].text.split("\n") for a in "abht"]   # doctest: +NORMALIZE_WHITESPACE
    [['Applicant'], ['PTSP ·', 'Back office'], ['PTSP · HLD'],
     ['Public Works ·', 'Technical team']]
    >>> key.short
    (('HLD', 'Head of licensing division'),)
    """
    actors: dict[str, Actor] = {}
    for process in processes:
        for actor in process.actors:
            actors.setdefault(actor.id, actor)
    group = agencies_of(processes)
    agencies = list(dict.fromkeys(group[a] for a in actors if a in group))
    colour = {agency: AGENCY_COLOURS[k % len(AGENCY_COLOURS)]
              for k, agency in enumerate(agencies)}
    repeated = {agency for k, agency in enumerate(agencies) if k >= len(AGENCY_COLOURS)}
    shorts: dict[str, str] = {}       # short form -> what it stands for
    used: dict[str, str] = {}

    def short(name: str) -> str:
        base = acronym(name)
        # two names, one short form: more letters of the last word, else a number
        last = next((w for w in reversed(name.split()) if w.isalpha()), "")
        forms = [base, *(base + last[1:k] for k in (3, 4) if len(last) >= k),
                 *(f"{base}{k}" for k in range(2, 100))]
        form = next(f for f in forms if shorts.get(f, name) == name)
        shorts[form] = name
        return form

    def options(actor: Actor, agency: str | None, short) -> list[tuple[str, tuple]]:
        """The texts of the tag, best first, with the short forms each uses."""
        if agency:
            ag, ac = short(agency), short(actor.name)
            return [(f"{agency} \u00b7 {actor.name}", ()),
                    (f"{ag} \u00b7 {actor.name}", ((ag, agency),)),
                    (f"{agency} \u00b7\n{actor.name}", ()),
                    (f"{ag} \u00b7\n{actor.name}", ((ag, agency),)),
                    (f"{agency} \u00b7 {ac}", ((ac, actor.name),)),
                    (f"{ag} \u00b7 {ac}", ((ag, agency), (ac, actor.name)))]
        ac = short(actor.name)
        return [(actor.name, ()), (_two_lines(actor.name, room, size), ()),
                (ac, ((ac, actor.name),))]

    tags = {}
    for actor in actors.values():
        agency = group.get(actor.id)
        agency = agency if agency and agency != actor.name else None
        # chosen with the plain short forms; only the ones used are given out (numbered
        # when another name has the same)
        first = options(actor, agency, acronym)
        pick = next((k for k, (t, _) in enumerate(first) if _fits(t, room, size)),
                    len(first) - 1)
        text, meant = first[pick] if not first[pick][1] else options(actor, agency,
                                                                      short)[pick]
        for form, name in meant:
            if form != name:
                used.setdefault(form, name)
        face, ink = colour.get(group.get(actor.id, ""), NO_AGENCY)
        tags[actor.id] = ActorTag(text, face, ink,
                                  "#888888" if group.get(actor.id) in repeated else INK)
    return ActorKey(tags, tuple(sorted(used.items(), key=lambda kv: kv[0].lower())))


KEY_SIZE = 8.5             # points: the words of the flow form's key
KEY_ROW = 24.0             # units: a row of it
ARROW = 34.0               # units: the thick arrow drawn in it


@dataclass(frozen=True)
class FlowLegend:
    """The key of a picture in the flow form, as rows at most a width wide: the chip of
    each agency, a thick arrow (a hand-over), then the short forms of the tags."""

    items: tuple[tuple[int, float, str, ActorTag | None], ...]   # row, x, words, chip
    notes: tuple[str, ...] = ()
    rows: int = 1

    @property
    def height(self) -> float:
        """In layout units."""
        return self.rows * KEY_ROW + len(self.notes) * KEY_SIZE * 1.45 / PT + 4

    def paint(self, axes, x: float, y: float) -> None:
        """Draw it with its top-left corner at (x, y)."""
        from .fonts import FAMILY

        for row, dx, words, chip in self.items:
            cy = y + row * KEY_ROW + KEY_ROW / 2
            if chip is None and words.startswith("\u2192"):   # the thick arrow
                left = x + dx
                axes.lines([[(left, cy), (left + ARROW - 9, cy)]], colour=INK, width=3.0,
                           zorder=3)
                axes.polygon([(left + ARROW, cy), (left + ARROW - 13, cy - 6),
                              (left + ARROW - 13, cy + 6)], face=INK, edge=INK, width=1.0,
                             zorder=3)
                axes.text(left + ARROW + 8, cy, words[1:], fontsize=KEY_SIZE,
                          fontfamily=FAMILY, ha="left", va="center", color=INK,
                          gid="legend-handoff")
                continue
            bbox = None if chip is None else {
                "boxstyle": "round,pad=0.2", "facecolor": chip.face,
                "edgecolor": chip.edge, "linewidth": 0.8}
            axes.text(x + dx + (3 if chip else 0), cy, words, fontsize=KEY_SIZE,
                      fontfamily=FAMILY, ha="left", va="center",
                      color=chip.ink if chip else INK, bbox=bbox,
                      fontweight="bold" if chip is None else "normal",
                      gid="legend-agency" if chip else None)
        top = y + self.rows * KEY_ROW + 2
        for k, line in enumerate(self.notes):
            axes.text(x, top + k * KEY_SIZE * 1.45 / PT, line, fontsize=KEY_SIZE,
                      fontfamily=FAMILY, ha="left", va="top", color=INK,
                      gid=f"legend-short-{k}")


def flow_legend(processes: Sequence[Process], key: ActorKey, width: float,
                handoffs: bool = True) -> FlowLegend:
    """The key of the flow form of ``processes`` in rows ``width`` units wide (with the
    thick arrow of a hand-over when ``handoffs``).

    >>> from bpmodel.model import Actor, Process
    >>> p = Process("p", "P", actors=(Actor("b", "Back office", agency="PTSP"),
    ...     Actor("h", "Head of licensing division", agency="PTSP")))
    >>> legend = flow_legend([p], actor_key([p]), 1000)
    >>> [words for _, _, words, _ in legend.items]
    ['Who does a step:', 'PTSP', '\u2192the work passes to another actor']
    >>> legend.notes
    ('Short forms: HLD = Head of licensing division',)
    """
    from .fonts import wrap

    agencies: dict[str, ActorTag] = {}
    for actor, agency in agencies_of(processes).items():
        if actor in key.tags:
            agencies.setdefault(agency, key.tags[actor])
    entries: list[tuple[str, ActorTag | None, float]] = [
        (_("Who does a step:"), None, text_width(_("Who does a step:"), KEY_SIZE, True) / PT)]
    for agency, tag in agencies.items():
        entries.append((agency, tag, text_width(agency, KEY_SIZE) / PT + 8))
    if handoffs:
        words = _("the work passes to another actor")
        entries.append(("\u2192" + words, None, ARROW + 8 + text_width(words, KEY_SIZE) / PT))
    items, row, x = [], 0, 0.0
    for text, chip, need in entries:
        if x and x + need > width:
            row, x = row + 1, 0.0
        items.append((row, x, text, chip))
        x += need + 14
    notes: tuple[str, ...] = ()
    if key.short:
        line = _("Short forms: {forms}").format(
            forms=" \u00b7 ".join(f"{short} = {name}" for short, name in key.short))
        notes = tuple(wrap(line, width * PT, KEY_SIZE))
    return FlowLegend(tuple(items), notes, row + 1)


@dataclass(frozen=True)
class Form:
    """How the processes of one picture are drawn: the processes laid out (the flow
    views, or the processes themselves for swimlanes), and in the flow form the actor
    key, each process's task tags and its hand-overs (drawn thick)."""

    processes: tuple[Process, ...]
    originals: tuple[Process, ...] = ()     # the processes themselves
    key: ActorKey | None = None
    tags: tuple[Mapping[str, ActorTag], ...] = ()
    strong: tuple[frozenset[tuple[str, str]], ...] = ()

    @property
    def flow(self) -> bool:
        return self.key is not None

    def lines(self, k: int) -> dict[str, int]:
        """The lines of the tag of each task of the ``k``-th process."""
        return {step: tag.text.count("\n") + 1 for step, tag in self.tags[k].items()} \
            if self.flow else {}

    def scene(self, k: int) -> dict:
        """The arguments of :class:`~bpmodel.render.painter.Scene` (and of a
        :class:`~bpmodel.render.sheets.Panel`) that draw the ``k``-th process in it."""
        if not self.flow:
            return {}
        return {"actors": self.tags[k], "strong": self.strong[k], "strong_colour": INK}

    def legend(self, width: float, handoffs: bool = True) -> FlowLegend | None:
        """The key of the flow form, ``width`` units wide (None for swimlanes); without
        the thick arrow when the hand-overs are not drawn thick (``handoffs`` false)."""
        if not self.key or not any(self.tags):      # no actor drawn: nothing to key
            return None
        return flow_legend(self.originals, self.key, width, handoffs)


def drawn_form(processes: Sequence[Process], flow: bool, names: Sequence[str] = ()
               ) -> Form:
    """The :class:`Form` of a picture of ``processes`` (one, or a before and an after):
    swimlanes, or the flow form when ``flow`` (``names``: of each one's lane, written in
    its strip on every band, such as "Before" and "After").

    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "Clerk"), Actor("b", "Head")),
    ...     steps=(Step("s", "Check", actor="a"), Step("t", "Sign", actor="b")),
    ...     flows=(Flow("s", "t"),))
    >>> form = drawn_form([p], True)
    >>> form.lines(0), sorted(form.strong[0]), len(form.processes[0].actors)
    ({'s': 1, 't': 1}, [('s', 't')], 1)
    >>> drawn_form([p], False).processes == (p,)
    True
    """
    processes = tuple(processes)
    if not flow:
        return Form(processes, processes)
    lane = free_id(processes)
    key = actor_key(processes)
    names = tuple(names) + ("",) * (len(processes) - len(names))
    return Form(tuple(flow_view(p, lane, n) for p, n in zip(processes, names)), processes, key,
                tuple(key.of_steps(p) for p in processes),
                tuple(handoffs(p) for p in processes))


__all__ = ["FORMS", "ActorKey", "FlowLegend", "Form", "acronym", "actor_key", "drawn_form",
           "flow_legend", "flow_view", "handoffs"]
