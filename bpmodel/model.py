"""The immutable domain model of a public-service process.

A :class:`Process` is the single source of truth: its steps, the flows between
them, the actors who do the steps, the documents handed over and the systems
used. Every analysis is a pure function of a Process and every rewrite returns
a new one. This module imports nothing else of bpmodel and knows no file format.

>>> p = Process(
...     id="p", name="Demo",
...     actors=(Actor("clerk", "Clerk"),),
...     steps=(Step("a", "Ask", actor="clerk"), Step("b", "Answer", actor="clerk")),
...     flows=(Flow("a", "b"),),
... )
>>> [s.id for s in p.successors("a")]
['b']
>>> p.step("b").name
'Answer'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import compress, count, repeat
from operator import attrgetter, is_not
from types import MappingProxyType

TASK, GATEWAY, EVENT = "task", "gateway", "event"
STEP_TYPES = (TASK, GATEWAY, EVENT)
# What kind of task: None is a plain task. The sub-process kinds contain other steps
# (their ``parent``); they are activities but not tasks in the counts.
TASK_KINDS = ("user", "service", "manual", "script", "send", "receive", "business-rule",
              "call", "subprocess", "event-subprocess", "transaction", "adhoc")
SUBPROCESS_KINDS = ("subprocess", "event-subprocess", "transaction", "adhoc")
GATEWAY_KINDS = ("xor", "and", "or", "event", "complex")
# Where an event sits: ``timer`` and ``message`` are intermediate events that wait for a
# time or a message (the YAML format's own kinds); ``intermediate`` waits for another
# ``trigger``; ``throw`` is an intermediate event that sends; ``boundary`` is attached to an
# activity (the source of its incoming ``boundary`` flow).
EVENT_KINDS = ("start", "end", "timer", "message", "intermediate", "throw", "boundary")
# What an event reacts to or sends, for the kinds that do not say it themselves.
TRIGGERS = ("message", "timer", "signal", "error", "escalation", "conditional", "link",
            "compensation", "cancel", "terminate", "multiple", "parallel-multiple")
SEQUENCE, BOUNDARY = "sequence", "boundary"
FLOW_KINDS = (SEQUENCE, BOUNDARY)
ACTOR_KINDS = ("citizen", "business", "staff", "system")
CONTACTS = ("visit", "online", "phone")
# The facts of a step that a process file can mark as assumed (not published); ``signature``
# is that the step signs electronically (as its words, system or legal basis say).
ASSUMABLE = ("time", "work", "wait", "contact", "fee", "costs", "actor", "chance", "needs",
             "produces", "visit_overhead", "visit_cost", "signature")
# The facts of an actor that a process file can mark as assumed (the office a role belongs
# to, whether it is the applicant).
ACTOR_ASSUMABLE = ("agency", "kind")
# The facts of a process that a process file can mark as assumed.
PROCESS_ASSUMABLE = ("volume", "target", "tariff", "calendar", "visit_overhead", "visit_cost",
                     "parameters")
ARRIVALS = ("poisson", "regular")  # how the ``volume`` of cases arrives over the year
ACTIONS = ("submit", "check", "verify", "inspect", "approve", "sign", "pay", "forward",
           "enter-data", "archive", "notify", "issue", "decide", "wait", "collect", "meet",
           "register", "other")
# Where a step must happen in body: ``in-person`` needs the applicant (or a party) present
# (a deed before a notary, an oath, fingerprints), ``on-site`` happens at the site or the
# premises (a field inspection); ``none`` declares that it needs neither.
PRESENCES = ("in-person", "on-site", "none")
# What ``keep`` may lock besides the step's existence (``keep: true`` locks them all).
KEEP_LOCKS = ("existence", "actor", "agency", "channel")


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written in its source file (1-based line and column)."""

    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration in working hours, possibly a range ``low <= likely <= high``.

    Single-figure analysis uses the PERT mean; the range is kept for simulation.

    >>> Duration.of(2).hours
    2.0
    >>> Duration(1.0, 2.0, 9.0).hours
    3.0
    """

    low: float
    likely: float
    high: float

    @classmethod
    def of(cls, hours: float) -> Duration:
        hours = float(hours)
        return cls(hours, hours, hours)

    @property
    def hours(self) -> float:
        """The PERT mean ``(low + 4*likely + high) / 6``."""
        if self.low == self.likely == self.high:
            return self.likely
        return (self.low + 4 * self.likely + self.high) / 6

    @property
    def is_range(self) -> bool:
        return not (self.low == self.likely == self.high)


ZERO = Duration(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working time: days and weeks in durations are working days and weeks."""

    hours_per_day: float = 8.0
    days_per_week: float = 5.0


@dataclass(frozen=True, slots=True)
class Bounds:
    """A rectangle of a diagram (x and y of the top-left corner), as BPMN DI gives it."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Drawing:
    """The diagram a BPMN file came with, by the ids of the model (steps, flows, actors,
    pools): shapes of lanes and pools, label bounds, waypoints of message flows, which
    sub-processes were drawn expanded, and the shapes of the start and end events,
    joins and splits a writer added (``added``, with their ``roles``), and the data object
    drawn for each (step, document) with its label (``data``); ``unnamed``: the flows
    whose condition came from an expression alone, with no name to show. Steps and flows
    carry their own shapes and routes (``Step.bounds``, ``Flow.waypoints``); a writer
    keeps what did not change. A file of several diagrams gives the element each one's
    plane shows (``planes``: a collaboration or process by its file id, a sub-process
    drawn on a plane of its own by its step id) and the plane each element is drawn on
    (``plane_of``, by ``("step"|"band"|"flow"|"message", id)``; bands by the keys of
    ``bands``)."""

    bands: Mapping[str, Bounds] = field(default_factory=lambda: MappingProxyType({}))
    labels: Mapping[str, Bounds] = field(default_factory=lambda: MappingProxyType({}))
    messages: Mapping[str, tuple[tuple[float, float], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    expanded: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    added: Mapping[str, Bounds] = field(default_factory=lambda: MappingProxyType({}))
    roles: frozenset[str] = frozenset()
    data: Mapping[tuple[str, str], tuple[Bounds, Bounds | None]] = field(
        default_factory=lambda: MappingProxyType({}))
    unnamed: frozenset[str] = frozenset()
    planes: tuple[str, ...] = ()
    plane_of: Mapping[tuple[str, str], int] = field(
        default_factory=lambda: MappingProxyType({}))
    # the route of each (step, document) association, from the data object to the step
    data_routes: Mapping[tuple[str, str], tuple[tuple[float, float], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    # the id and name of the data reference drawn for each (step, document): a file's own
    # reference ids, and the states its names show ("ID document [scanned]")
    data_refs: Mapping[tuple[str, str], tuple[str, str]] = field(
        default_factory=lambda: MappingProxyType({}))
    stores: frozenset[str] = frozenset()    # documents drawn as data stores (a cylinder)
    blank: frozenset[str] = frozenset()     # flows whose condition expression was empty


@dataclass(frozen=True, slots=True)
class Foreign:
    """What a file said about one element in another tool's vocabulary, kept opaque.

    ``attributes`` are (qualified name, value) pairs of the element itself (Camunda's
    ``camunda:topic``), ``elements`` the children of its extension elements (each one's
    ``str()`` is its XML text),
    ``shape`` and ``label`` the attributes of its shape or edge and of its label in the
    diagram (bpmn.io colours). ``signature`` is what the element was when read: a writer
    carries all of it only for an element that has not changed since.
    """

    attributes: tuple[tuple[str, str], ...] = ()
    elements: tuple = ()
    shape: tuple[tuple[str, str], ...] = ()
    label: tuple[tuple[str, str], ...] = ()
    signature: tuple = ()


@dataclass(frozen=True)
class Extensions:
    """Other tools' extensions a file came with, by ``(kind, id)`` of the model element
    they belong to (kinds: step, flow, actor, pool, document, message, process,
    definitions), and the ``namespaces`` (prefix, URI) they are written in."""

    namespaces: tuple[tuple[str, str], ...] = ()
    of: Mapping[tuple[str, str], Foreign] = field(
        default_factory=lambda: MappingProxyType({}))

    def get(self, kind: str, element_id: str | None) -> Foreign | None:
        """The extensions of one element, or None.

        >>> Extensions(of={("step", "a"): Foreign(elements=("<x:y/>",))}).get("step", "a")
        Foreign(attributes=(), elements=('<x:y/>',), shape=(), label=(), signature=())
        """
        return self.of.get((kind, element_id or ""))


@dataclass(frozen=True, slots=True)
class Pool:
    """A participant of a collaboration: an agency or party with its own pool.

    ``process`` names the process it runs; a pool without one is a black box
    that only sends and receives messages.
    """

    id: str
    name: str
    process: str | None = None
    at: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who does steps; one swimlane each. ``kind`` is citizen, business, staff or system.

    ``pool`` is the id of the :class:`Pool` the lane lies in, ``parent`` the id of the
    enclosing lane (nested lanes). An actor whose id is its pool's id stands for a pool
    without lanes. ``staff`` is how many people work the actor's steps at once (for the
    simulation under load; None: as many as needed). ``assumed`` names the facts of the
    actor that are assumptions, not published (see :data:`ACTOR_ASSUMABLE`).
    """

    id: str
    name: str
    kind: str = "staff"
    agency: str | None = None
    pool: str | None = None
    parent: str | None = None
    staff: int | None = None
    at: Location | None = field(default=None, compare=False, repr=False)
    assumed: tuple[str, ...] = ()

    @property
    def is_lane(self) -> bool:
        """False for the actor that stands for a whole pool without lanes."""
        return self.id != self.pool

    @property
    def is_applicant(self) -> bool:
        return self.kind in ("citizen", "business")


@dataclass(frozen=True, slots=True)
class Document:
    """A document or data set handed over or checked; ``issued_by`` names its issuing agency,
    ``legal_basis`` the rule that demands it (``none``: no rule does).

    ``government`` says whether that issuer is a government agency keeping a register of
    it (None: inferred from ``issued_by``; a neighbourhood head or a bank is not).
    """

    id: str
    name: str
    issued_by: str | None = None
    assumed: tuple[str, ...] = ()  # issue 13: facts assumed, e.g. ("issued_by",)
    at: Location | None = field(default=None, compare=False, repr=False)
    government: bool | None = None
    legal_basis: str | None = None


@dataclass(frozen=True, slots=True)
class System:
    """An application used by steps; ``record`` marks the system of record (the
    authoritative register, e.g. the national civil registry) among the process's systems."""

    id: str
    name: str
    record: bool = False
    at: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Step:
    """A node of the process: a task, a gateway or an event.

    ``kind`` says which task (user, service, ..., a sub-process kind), gateway or event;
    an event's ``trigger`` says what it waits for or sends, ``interrupting`` whether a
    boundary or event-sub-process start cancels the activity. ``parent`` is the
    sub-process the step lies in. ``presence`` declares whether it needs someone in person
    or on site (None: inferred from its action and name); ``locks`` is the finer form of
    ``keep`` (what it locks besides existence; empty locks everything); ``competent``
    declares whether its agency is the one competent for the check (None: inferred).
    ``batch`` is the period in working hours of a step done for all waiting cases at once
    (a signature once a week, a committee that meets monthly); None: case by case.
    ``bounds`` keeps a diagram's box read from a file.
    ``signatory`` is the actor (id) at the lowest level the law lets sign or approve the
    step, by delegation, when that is not its ``actor``.
    ``merged_from`` names, in a variant, the steps of the original process whose work
    this step took over when they were merged into it (they are gone from the variant).
    """

    id: str
    name: str
    type: str = TASK
    kind: str | None = None
    actor: str | None = None
    work: Duration = ZERO
    wait: Duration = ZERO
    action: str | None = None
    object: str | None = None
    needs: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    system: str | None = None
    contact: str | None = None
    fee: float = 0.0
    legal_basis: str | None = None
    keep: bool = False
    description: str | None = None
    trigger: str | None = None
    interrupting: bool = True
    parent: str | None = None
    # -- what is known, assumed and paid (issue 13) --------------------------------------
    # ``time_known`` is False for a task whose source gives no time (neither work nor wait
    # written): its 0 is "not known", never "instant". ``fee_known`` is False for
    # ``fee: unknown``; ``fee_formula`` is a fee computed from the process's parameters.
    # ``visit_overhead`` and ``visit_cost`` override the process's travel-and-queue time
    # and trip cost per visit; ``costs``
    # are the applicant's out-of-pocket costs (copies, duty stamps, legalisation,
    # transport) by name; ``assumed`` names the facts the modeller assumed
    # (see :data:`ASSUMABLE`). ``work_known`` is False for a task whose source gives its
    # waiting time but not the work on it (a published service period): the hours worked
    # are then not known, though the lead time is.
    time_known: bool = True
    fee_known: bool = True
    fee_formula: str | None = None
    visit_overhead: Duration | None = None
    visit_cost: float | None = None
    costs: tuple[tuple[str, float], ...] = ()
    assumed: tuple[str, ...] = ()
    work_known: bool = True
    # -------------------------------------------------------------------------------------
    batch: float | None = None
    presence: str | None = None
    locks: tuple[str, ...] = ()
    competent: bool | None = None
    at: Location | None = field(default=None, compare=False, repr=False)
    bounds: Bounds | None = field(default=None, compare=False, repr=False)
    signatory: str | None = None
    merged_from: tuple[str, ...] = ()

    def locked(self, aspect: str) -> bool:
        """Whether ``keep`` locks ``aspect`` (existence, actor, agency or channel).

        ``keep: true`` locks all four; a finer ``keep`` (``locks``) locks the step's
        existence and the aspects it names.

        >>> Step("a", "A", keep=True).locked("channel")
        True
        >>> Step("a", "A", keep=True, locks=("actor",)).locked("channel")
        False
        >>> Step("a", "A").locked("existence")
        False
        """
        if not self.keep:
            return False
        return not self.locks or aspect == "existence" or aspect in self.locks

    @property
    def cost(self) -> float:
        """The applicant's out-of-pocket costs of this step, all items together."""
        return sum(amount for _, amount in self.costs)

    @property
    def is_task(self) -> bool:
        return self.type == TASK

    @property
    def is_subprocess(self) -> bool:
        """A sub-process, transaction or ad-hoc sub-process: an activity holding steps."""
        return self.type == TASK and self.kind in SUBPROCESS_KINDS

    @property
    def is_call_or_subprocess(self) -> bool:
        """A call activity or a sub-process: an activity that is a procedure of its own
        (its own steps, people and waits), not one task."""
        return self.type == TASK and (self.kind == "call" or self.kind in SUBPROCESS_KINDS)

    @property
    def is_gateway(self) -> bool:
        return self.type == GATEWAY

    @property
    def is_event(self) -> bool:
        return self.type == EVENT


@dataclass(frozen=True, slots=True)
class Flow:
    """A sequence flow from one step to another.

    ``probability`` is the branch's chance on an xor or or gateway, ``condition``
    the condition in words, ``default`` marks the branch taken when no other is.
    A ``boundary`` flow leads from an activity to a boundary event attached to it:
    the branch taken when that event interrupts (or accompanies) the activity.
    ``waypoints`` keep the route of a diagram read from a file. ``expression`` is the
    condition expression a BPMN file gave: ``""`` when it gave none (its flow's name is
    then only a label), None when the flow did not come from BPMN (``condition`` is
    written as the expression).
    """

    source: str
    target: str
    probability: float | None = None
    condition: str | None = None
    default: bool = False
    kind: str = SEQUENCE
    id: str | None = field(default=None, compare=False)
    at: Location | None = field(default=None, compare=False, repr=False)
    waypoints: tuple[tuple[float, float], ...] = field(default=(), compare=False, repr=False)
    expression: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class MessageFlow:
    """A message between two participants (pools) or their steps: a handoff across agencies."""

    source: str
    target: str
    name: str | None = None
    id: str | None = field(default=None, compare=False)
    at: Location | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Process:
    """A public-service process: metadata, actors, documents, systems, steps and flows.

    The order of ``steps`` is the order of the source file; ``flows`` are explicit
    (implicit sequence flows of the YAML format are resolved when loading). A process
    starts at its start events, or, when it has none, at its first step.
    """

    id: str
    name: str
    steps: tuple[Step, ...] = ()
    flows: tuple[Flow, ...] = ()
    actors: tuple[Actor, ...] = ()
    documents: tuple[Document, ...] = ()
    systems: tuple[System, ...] = ()
    message_flows: tuple[MessageFlow, ...] = ()
    pools: tuple[Pool, ...] = ()
    owner: str | None = None
    description: str | None = None
    volume: float | None = None
    target: Duration | None = None
    currency: str | None = None
    lang: str | None = None
    tariff: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    calendar: Calendar = Calendar()
    source: str | None = None
    # -- what is known, assumed and paid (issue 13) --------------------------------------
    # ``visit_overhead``: the applicant's travel and queue time per visit (Standard Cost
    # Model), and ``visit_cost`` the out-of-pocket cost of a trip (transport, parking),
    # unless a step sets its own; ``assumed`` names the facts of the process assumed;
    # ``parameters``: named figures fee formulas use
    # (floor area, rates); ``service`` and ``region`` group processes in a comparison;
    # ``coverage`` is ``full`` or the stage a partial model covers.
    visit_overhead: Duration | None = None
    visit_cost: float | None = None
    assumed: tuple[str, ...] = ()
    parameters: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    service: str | None = None
    region: str | None = None
    coverage: str | None = None
    # -------------------------------------------------------------------------------------
    arrivals: str | None = None
    drawing: Drawing | None = field(default=None, compare=False, repr=False)
    # other tools' extensions read from a BPMN file, written back into BPMN
    extensions: Extensions | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.tariff, MappingProxyType):
            object.__setattr__(self, "tariff", MappingProxyType(dict(self.tariff)))
        if not isinstance(self.parameters, MappingProxyType):
            object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def __hash__(self) -> int:
        return hash((self.id, self.steps, self.flows))

    # Indexes are derived once per (immutable) process.
    @cached_property
    def _steps_by_id(self) -> dict[str, Step]:
        return dict(zip(map(_ID, self.steps), self.steps))

    @cached_property
    def _outgoing(self) -> dict[str, tuple[Flow, ...]]:
        return _flows_by(self.steps, self.flows, _SOURCE)

    @cached_property
    def _incoming(self) -> dict[str, tuple[Flow, ...]]:
        return _flows_by(self.steps, self.flows, _TARGET)

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if there is none)."""
        return self._steps_by_id[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._steps_by_id

    def outgoing(self, step_id: str) -> tuple[Flow, ...]:
        return self._outgoing.get(step_id, ())

    def incoming(self, step_id: str) -> tuple[Flow, ...]:
        return self._incoming.get(step_id, ())

    def successors(self, step_id: str) -> list[Step]:
        return [self._steps_by_id[f.target] for f in self.outgoing(step_id)
                if f.target in self._steps_by_id]

    def predecessors(self, step_id: str) -> list[Step]:
        return [self._steps_by_id[f.source] for f in self.incoming(step_id)
                if f.source in self._steps_by_id]

    @cached_property
    def _actors_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None."""
        return self._actors_by_id.get(actor_id) if actor_id else None

    @cached_property
    def _documents_by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    def document(self, document_id: str) -> Document | None:
        return self._documents_by_id.get(document_id)

    @property
    def tasks(self) -> tuple[Step, ...]:
        """Activities: tasks, call activities and sub-processes."""
        return tuple(s for s in self.steps if s.is_task)

    @property
    def sequence_flows(self) -> tuple[Flow, ...]:
        """The flows that are sequence flows (not attachments of boundary events)."""
        return tuple(f for f in self.flows if f.kind == SEQUENCE)

    @cached_property
    def gateways(self) -> tuple[Step, ...]:
        """The gateways among the steps, in their order (worked out once; a copy made by
        :meth:`evolve` that changed no gateway and made none takes them over)."""
        return tuple(s for s in self.steps if s.is_gateway)

    @property
    def events(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.is_event)

    @property
    def agencies(self) -> tuple[str, ...]:
        """The distinct agencies of the actors, in order of first appearance."""
        return tuple(dict.fromkeys(a.agency for a in self.actors if a.agency))

    def start_steps(self) -> tuple[Step, ...]:
        """Where the process starts: its start events, else its first step.

        Steps other than start events that have no incoming flow are not starts:
        they are unreachable (validation reports them).
        """
        starts = tuple(s for s in self.steps if s.is_event and s.kind == "start")
        if starts:
            return starts
        return self.steps[:1]

    def end_steps(self) -> tuple[Step, ...]:
        """Where the process ends: every step without an outgoing flow."""
        outgoing = self._outgoing
        return tuple(s for s in self.steps if not outgoing.get(s.id))

    def evolve(self, **changes) -> Process:
        """A copy of this process with some fields changed.

        The copy takes over the indexes of flows this process has worked out when its
        flows and the ids of its steps are this process's (a step changed what it does):
        they read nothing else, and simplifying a large process makes many such copies.
        When its flows or step ids changed, the indexes are this process's patched at the
        ends of the flows that differ (:func:`_patched_flows_by`), equal to a fresh build;
        the steps by id are this process's with the steps that differ put in.

        >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
        >>> q = p.evolve(steps=(Step("a", "Apply"), Step("b", "B")))
        >>> p.outgoing("a") == q.outgoing("a"), [s.id for s in q.end_steps()]
        (True, ['b'])
        """
        return self._evolved(replace(self, **changes))

    def spliced(self, steps_kept: tuple[int, int], flows_kept: tuple[int, int], **changes
                ) -> Process:
        """:meth:`evolve`, told by the caller that the copy's steps begin and end with
        ``steps_kept`` (two counts) of this process's steps, the same objects, and its flows
        with ``flows_kept`` of its flows (at least so many; together no more than the
        shorter list holds): they are not looked for.

        >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
        ...             flows=(Flow("a", "b"), Flow("b", "c")))
        >>> p.outgoing("a") and None  # the indexes worked out, to take over
        >>> q = p.spliced((0, 1), (0, 0), steps=(Step("a", "AB"), p.steps[2]),
        ...               flows=(Flow("a", "c"),))
        >>> q == p.evolve(steps=q.steps, flows=q.flows), q.outgoing("a")[0].target
        (True, 'c')
        """
        return self._evolved(replace(self, **changes), steps_kept, flows_kept)

    def _evolved(self, evolved: Process, steps_kept: tuple[int, int] | None = None,
                 flows_kept: tuple[int, int] | None = None) -> Process:
        """``evolved``, a copy of this process with some fields changed, with the indexes
        of flows (and steps by id) this process worked out taken over or patched (see
        :meth:`evolve`; ``steps_kept`` and ``flows_kept``: see :meth:`spliced`)."""
        known = {index: self.__dict__[index] for index in ("_outgoing", "_incoming")
                 if index in self.__dict__}
        if not known:
            return evolved
        steps_kept = steps_kept or _unchanged_ends(self.steps, evolved.steps)
        _carry_gateways(self, evolved, steps_kept)
        if evolved.flows is self.flows and _same_ids(self.steps, evolved.steps, steps_kept):
            evolved.__dict__.update(known)
            by_id = self.__dict__.get("_steps_by_id")
            if by_id is not None and len(by_id) == len(self.steps):  # no id repeats
                head, tail = steps_kept
                middle = evolved.steps[head:len(evolved.steps) - tail]
                by_id = by_id.copy()
                by_id.update(zip(map(_ID, middle), middle))
                evolved.__dict__["_steps_by_id"] = by_id
            return evolved
        change = _StepChange.of(self, evolved, known.values(), steps_kept)
        if change is None:
            return evolved
        if change.steps_by_id is not None:
            evolved.__dict__["_steps_by_id"] = change.steps_by_id
        ends = flows_kept or _unchanged_ends(self.flows, evolved.flows)
        for index, flows_by in known.items():
            patched = _patched_flows_by(flows_by, self.flows, evolved.flows, ends, change,
                                        _SOURCE if index == "_outgoing" else _TARGET)
            if patched is not None:
                evolved.__dict__[index] = patched
        return evolved

    def replaced_at(self, place: int, step: Step) -> Process:
        """A copy of this process with the step at ``place`` replaced by ``step``, which
        has its id: ``evolve`` with those steps, its indexes taken over without looking
        for the steps that differ (the caller says where).

        >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
        >>> q = p.replaced_at(1, Step("b", "Done"))
        >>> q == p.evolve(steps=(Step("a", "A"), Step("b", "Done"))), q.step("b").name
        (True, 'Done')
        """
        steps = self.steps
        if steps[place].id != step.id:
            raise ValueError("the step replaced and its replacement have different ids")
        evolved = replace(self, steps=(*steps[:place], step, *steps[place + 1:]))
        known = self.__dict__
        if "gateways" in known and not steps[place].is_gateway and not step.is_gateway:
            evolved.__dict__["gateways"] = known["gateways"]
        if "_outgoing" not in known and "_incoming" not in known:
            return evolved  # as evolve: nothing to take over
        for index in ("_outgoing", "_incoming"):
            if index in known:
                evolved.__dict__[index] = known[index]
        by_id = known.get("_steps_by_id")
        if by_id is not None and len(by_id) == len(steps):  # no id repeats
            by_id = by_id.copy()
            by_id[step.id] = step
            evolved.__dict__["_steps_by_id"] = by_id
        return evolved


def _carry_gateways(original: Process, evolved: Process, ends: tuple[int, int]) -> None:
    """Give ``evolved`` the gateways ``original`` worked out when the steps between the
    ``ends`` both lists of steps begin and end with (the same objects) hold no gateway
    in either: the gateways are the same objects in the same order."""
    gateways = original.__dict__.get("gateways")
    if gateways is None:
        return
    head, tail = ends
    if any(map(_IS_GATEWAY, original.steps[head:len(original.steps) - tail])) or \
            any(map(_IS_GATEWAY, evolved.steps[head:len(evolved.steps) - tail])):
        return
    evolved.__dict__["gateways"] = gateways


def _same_ids(steps: tuple[Step, ...], others: tuple[Step, ...],
              ends: tuple[int, int] | None = None) -> bool:
    """Whether two lists of steps hold the same ids in the same order (``ends``: how many
    steps both begin and end with, the same objects, when the caller knows).

    >>> _same_ids((Step("a", "A"),), (Step("a", "Apply"),)), _same_ids((Step("a", "A"),), ())
    (True, False)
    """
    if steps is others:
        return True
    if len(steps) != len(others):
        return False
    head, tail = ends or _unchanged_ends(steps, others)  # only the steps between are read
    end = len(steps) - tail
    return list(map(_ID, steps[head:end])) == list(map(_ID, others[head:end]))


_ID, _SOURCE, _TARGET = attrgetter("id"), attrgetter("source"), attrgetter("target")
_IS_GATEWAY = attrgetter("is_gateway")


def _flows_by(steps: tuple[Step, ...], flows: tuple[Flow, ...], end: Callable
              ) -> dict[str, tuple[Flow, ...]]:
    """The flows of each step id by one of their ends (``_SOURCE``: the flows out), in the
    order of ``flows``: every step id in the order of the steps, then the ends that are no
    step in the order of their first flow.

    >>> _flows_by((Step("a", "A"), Step("b", "B")), (Flow("a", "b"), Flow("x", "a")), _SOURCE)
    {'a': (Flow(source='a', target='b', probability=None, condition=None, default=False, \
kind='sequence', id=None),), 'b': (), 'x': (Flow(source='x', target='a', probability=None, \
condition=None, default=False, kind='sequence', id=None),)}
    """
    grouped: dict[str, list[Flow]] = {s.id: [] for s in steps}
    for f in flows:
        grouped.setdefault(end(f), []).append(f)
    return {k: tuple(v) for k, v in grouped.items()}


def _unchanged_ends(old: tuple, new: tuple) -> tuple[int, int]:
    """How many items ``old`` and ``new`` begin with and end with that are the same
    objects (together no more than the shorter holds), by the C loops."""
    shorter = min(len(old), len(new))
    head = next(compress(count(), map(is_not, old, new)), shorter)
    tail = next(compress(count(), map(is_not, reversed(old), reversed(new))), shorter)
    return head, min(tail, shorter - head)


@dataclass(frozen=True, slots=True)
class _StepChange:
    """How the steps of a variant differ from its original's, both without repeated ids
    and without flows to or from no step in the original: the ids ``removed`` and
    ``added`` (among the steps between the same objects both lists begin and end
    with), ``keys``: the variant's step ids when its steps are not the original's in
    their order (less the removed ones), and the variant's steps by id when they are."""

    removed: frozenset[str]
    added: frozenset[str]
    keys: list[str] | None
    steps_by_id: dict[str, Step] | None

    @staticmethod
    def of(original: Process, variant: Process, indexes: Iterable[dict],
           ends: tuple[int, int] | None = None) -> _StepChange | None:
        """The change from ``original`` to ``variant`` (None: see the class), the steps
        both begin and end with counted (``ends``, when the caller knows)."""
        by_id, steps = original._steps_by_id, original.steps
        if len(by_id) != len(steps) or any(len(index) != len(steps) for index in indexes):
            return None  # repeated ids, or flows to or from no step
        head, tail = ends or _unchanged_ends(steps, variant.steps)
        before = list(map(_ID, steps[head:len(steps) - tail]))
        middle = variant.steps[head:len(variant.steps) - tail]
        after = list(map(_ID, middle))
        removed, added = set(before).difference(after), set(after).difference(before)
        if len(set(after)) != len(after) or not by_id.keys().isdisjoint(added):
            return None  # the variant repeats an id
        kept = [step_id for step_id in before if step_id not in removed]
        if added or kept != after:  # the steps moved: the keys in the variant's order
            return _StepChange(frozenset(removed), frozenset(added),
                               list(map(_ID, variant.steps)), None)
        steps_by_id = by_id.copy()
        for step_id in removed:
            del steps_by_id[step_id]
        steps_by_id.update(zip(after, middle))
        return _StepChange(frozenset(removed), frozenset(added), None, steps_by_id)


def _patched_flows_by(known: dict[str, tuple[Flow, ...]], old: tuple[Flow, ...],
                      new: tuple[Flow, ...], ends: tuple[int, int], change: _StepChange,
                      end: Callable) -> dict[str, tuple[Flow, ...]] | None:
    """The variant's :func:`_flows_by` made from its original's (``known``, of the flows
    ``old``; ``new`` are the variant's; ``ends``: their :func:`_unchanged_ends`), or None
    when a fresh build is simpler (a flow to or from no step, a flow object listed both
    between and among the flows kept, or most of many ends changed).

    The flows both lists begin with and end with (the same objects) keep their order;
    only the ends of the flows between (either list's), and the steps ``change`` removed
    or added, may have other flows. Each such end's flows are the original's before its
    flows between, its new flows between, and the original's after (its flows between
    are together in its tuple, as they are in the list). An end whose flows are all
    among those before or after and that has new ones between is gathered again by one
    pass over the flows. Every other step keeps its tuple.

    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
    ...             flows=(Flow("a", "b"), Flow("b", "c")))
    >>> p.outgoing("a"), p.incoming("a")  # the indexes worked out, to patch
    ((Flow(source='a', target='b', probability=None, condition=None, default=False, \
kind='sequence', id=None),), ())
    >>> q = p.evolve(steps=p.steps[::2], flows=(Flow("a", "c"),))
    >>> q.__dict__["_outgoing"] == _flows_by(q.steps, q.flows, _SOURCE)
    True
    """
    head, tail = ends
    old_between, new_between = old[head:len(old) - tail], new[head:len(new) - tail]
    between = set(map(id, old_between))
    leaving: dict[str, int] = {}  # how many of the flows between each end had
    for flow in old_between:
        leaving[end(flow)] = leaving.get(end(flow), 0) + 1
    arriving: dict[str, list[Flow]] = {}
    for flow in new_between:
        arriving.setdefault(end(flow), []).append(flow)
    changed = {*map(end, old_between), *arriving, *change.removed, *change.added}
    if len(changed) > 64 and 2 * len(changed) > len(known):
        return None  # most of many ends changed (flows put in another order): build afresh
    if change.keys is None:
        patched = known.copy()
        for step_id in change.removed:
            del patched[step_id]
    else:
        patched = dict(zip(change.keys, map(known.get, change.keys, repeat(()))))
    gather = set()
    for step_id in changed:
        flows = known.get(step_id, ())
        places = list(compress(count(), map(between.__contains__, map(id, flows))))
        if len(places) != leaving.get(step_id, 0) or \
                (places and places[-1] - places[0] + 1 != len(places)):
            return None  # a flow object listed twice, between and among the ends kept
        new_ones = arriving.get(step_id, [])
        if places:
            value = (*flows[:places[0]], *new_ones, *flows[places[-1] + 1:])
        elif not flows or not new_ones:
            value = (*flows, *new_ones)
        else:  # where the new ones go among the others: by their places in the list
            gather.add(step_id)
            continue
        if step_id in patched:
            patched[step_id] = value
        elif value:
            return None  # a flow to or from no step: an end the fresh build adds
    if gather:
        gathered: dict[str, list[Flow]] = {}
        for flow in compress(new, map(gather.__contains__, map(end, new))):
            gathered.setdefault(end(flow), []).append(flow)
        for step_id, flows in gathered.items():
            if step_id not in patched:
                return None
            patched[step_id] = tuple(flows)
    return patched
