"""Two or more steps do the same action on the same object.

What it does
------------
Finds steps that do the same kind of work (the same ``action``, given or read from the
name) on the same thing: the same ``object``, or object words that overlap enough once the
names are normalised ("Verifikasi sertifikat tanah" and "Pemeriksaan keabsahan sertifikat
tanah" match; "Verify land title" and "Verify site plan" do not). Approvals and signatures
(see approval-cascade), data entry (manual-re-entry), hand-overs by the applicant
(repeated-document-request), forwarding and archiving (non-value-step) are left to their
own rules. A pair whose two steps are each demanded by a different legal basis is reported
by policy-overlap instead. Steps on alternative branches (an ``xor`` choice where a case
takes one of them) are not duplicates of each other, nor are steps numbered as different
rounds or stages ("Site inspection 1" and "Site inspection 2", "tahap I" and "tahap II",
"Check land title (second)"; a name without a number is the first round): the numbering
says the repeat is by design, a later construction stage or a second level, and nothing
says the first round sees what the later one checks.

Inspections on site by different agencies are not duplicates either: each agency inspects
for its own competence, and the answer is one joint visit (separate-site-inspections),
never dropping one agency's inspection.

Nor are two legalisations by different offices ("Lurah melegalisasi ...", "Camat
melegalisasi ..."): each is its office's attestation. Nor are two payments of different
amounts: they are two fees. Nor are two notices that name different places or channels
("Publish the announcement on the website", "... in the newspaper", "Pengumuman di kantor
desa", "... di kantor pertanahan"): the law often demands each, and a notice is given
where its readers are.

A step that does more than the repeated check (the head "checks the file and decides",
"Check risk and decide about approval") is never the one to remove: its decision, signature
or payment would go with it. The finding still names the step to keep (the head may use its
result), but only steps that lose nothing are counted as removable.

Why is this bad?
----------------
Each repeat adds waiting and work and tells the applicant nothing new: the land title
verified by the land office is verified again by the technical team. The second check is
waste unless it looks at something the first one did not.

Example
-------
::

    - {id: verify_land, name: Verify land title, actor: land, action: verify,
       object: land title, wait: 5d}
    - {id: verify_land_tech, name: Verify land title, actor: tech, action: verify,
       object: land title, wait: 1d}

Fix
---
Keep one of the steps and let the others use its result. The message names the step to
keep, the one the rewrite keeps: marked ``keep``, else the one the higher rule demands, else
the competent agency's (the one that issues what is checked; "(assumed)" when that is
inferred), else the earlier one. Task elimination: the finding's saving is what the other
steps cost; steps marked ``keep`` are never counted as removable.

Answered by the rewrite ``remove-duplicate-step`` (``bpmodel rewrites
remove-duplicate-step`` explains it).

Options
-------
``threshold`` (0.5): least share of object words in common (Jaccard) for names to match.
``actions``: the actions compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...labels import action_label
from ..actions import similarity, words_of
from ..findings import TIMES, VISIT_COSTS, Context, Finding, blind_to, listing
from ..instances import instance_number
from ..legal import step_to_keep, why_kept
from ..presence import presence_of
from ..wording import mentions

NAME = "duplicate-step"
CATEGORY = "redundancy"
SEVERITY = "warning"
OPTIONS = {
    "threshold": 0.5,
    "actions": ("check", "verify", "inspect", "issue", "decide", "pay", "notify"),
}
MAX_SHARED = 50
"""Words found in more distinct objects than this are too common to tell steps apart: they
are not used to pair near matches (it keeps the rule linear on very large processes)."""
# reads the fees (two amounts are two fees), not the times, visits or the channel
BLIND = blind_to(TIMES, VISIT_COSTS, ["contact"])


def duplicate_groups(ctx: Context, *, legal: bool) -> Iterator[list[str]]:
    """Groups of steps doing the same action on the same object (in process order).

    Steps with the same action and the same object words go together at once; near
    matches (Jaccard at least ``threshold``) are paired through the words they share.
    ``legal`` chooses the groups where the steps have different legal bases (for
    policy-overlap) or not (for duplicate-step).
    """
    facts = ctx.facts
    threshold = ctx.options["threshold"]
    keys = facts.by_action_and_object(ctx.options["actions"])
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def round_of(step_id: str) -> int:
        return instance_number(ctx.process.step(step_id).name) or 1

    on_site: dict[str, str | None] = {}  # step -> its agency when it is on site, else None

    def site_agency(step_id: str) -> str | None:
        if step_id not in on_site:
            step = ctx.process.step(step_id)
            on_site[step_id] = _agency(ctx, step) if presence_of(step) == "on-site" else None
        return on_site[step_id]

    def join(a: str, b: str) -> None:
        if root(a) != root(b) and _distinct_bases(ctx, a, b) == legal \
                and round_of(a) == round_of(b):
            # inspections on site by different agencies: separate-site-inspections' case
            agency_a, agency_b = site_agency(a), site_agency(b)
            if agency_a is not None and agency_b is not None and agency_a != agency_b:
                return
            if _different_fees(ctx.process.step(a), ctx.process.step(b)):
                return  # two amounts are two fees (PNBP for the file, PNBP for measuring)
            if facts.actions[a] == "notify" and _notice_words(ctx, a) != _notice_words(ctx, b):
                return  # one notice in two places or channels: each reaches its readers
            if _attests(ctx, a) and _attests(ctx, b) and \
                    _agency(ctx, ctx.process.step(a)) != _agency(ctx, ctx.process.step(b)):
                return  # each office's legalisation is its own attestation
            parent[root(b)] = root(a)

    for ids in keys.values():
        first_of_round: dict[int, str] = {}
        for step_id in ids:
            first = first_of_round.setdefault(round_of(step_id), step_id)
            if first != step_id:
                join(first, step_id)
    postings: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] = {}
    for key in keys:
        for word in key[1]:
            postings.setdefault((key[0], word), []).append(key)
    for shared in postings.values():
        if len(shared) < 2 or len(shared) > MAX_SHARED:
            continue
        for i, a in enumerate(shared):
            for b in shared[i + 1:]:
                if similarity(a[1], b[1]) >= threshold:
                    for x in keys[a]:
                        for y in keys[b]:
                            join(x, y)
    groups: dict[str, list[str]] = {}
    for ids in keys.values():
        for step_id in ids:
            groups.setdefault(root(step_id), []).append(step_id)
    for ids in groups.values():
        for part in _together(facts, ids):
            yield sorted(part, key=facts.position.get)


def _together(facts, ids: list[str]) -> Iterator[list[str]]:
    """The steps of a group that can run in the same case: alternatives (different branches
    of an xor choice) are split apart. Steps are compared with their neighbour in the
    process order, which keeps this linear."""
    if len(ids) < 2:
        return
    ids = sorted(ids, key=facts.rank.__getitem__)
    part = [ids[0]]
    for before, step_id in zip(ids, ids[1:]):
        if facts.exclusive(before, step_id):
            if len(part) > 1:
                yield part
            part = [step_id]
        else:
            part.append(step_id)
    if len(part) > 1:
        yield part


DISPENSABLE = frozenset({"check", "verify", "other", "forward", "archive", "wait"})
"""Acts a step may lose with its removal when another step repeats its check: checking again,
passing the file on, filing it, waiting. Anything else (a decision, a signature, a payment,
an issuance, a notice) is an outcome of its own."""


def acts_lost(kept: tuple[str, ...], removed: tuple[str, ...]) -> tuple[str, ...]:
    """What removing a step that does ``removed`` would lose when the step kept does
    ``kept``: its acts beyond the kept step's that are not :data:`DISPENSABLE`.

    >>> acts_lost(("check",), ("check", "decide"))
    ('decide',)
    >>> acts_lost(("check", "decide"), ("check",)), acts_lost(("verify",), ("verify", "forward"))
    ((), ())
    """
    return tuple(a for a in removed if a not in kept and a not in DISPENSABLE)


def _attests(ctx: Context, step_id: str) -> bool:
    """Whether a step legalises (the lexicon's ``attestations``)."""
    return mentions(ctx.process.step(step_id).name, "attestations")


def _notice_words(ctx: Context, step_id: str) -> frozenset[str]:
    """The words of a notice's name beside the words that name an action and the stopwords:
    what it announces, to whom, where ("on the website", "di kantor desa")."""
    lex = ctx.facts.lexicon
    return frozenset(w for w in words_of(ctx.process.step(step_id).name, lex)
                     if w not in lex.stopwords and w not in lex.actions)


def _different_fees(a, b) -> bool:
    """Whether two steps charge different known amounts, or different formulas."""
    if a.fee_formula or b.fee_formula:
        return a.fee_formula != b.fee_formula
    return a.fee_known and b.fee_known and (a.fee or b.fee) and a.fee != b.fee


def _agency(ctx: Context, step) -> str:
    """The agency of a step's actor; an actor without one is an agency of its own."""
    actor = ctx.process.actor(step.actor)
    if actor is None:
        return step.actor or ""
    return (actor.agency or actor.name or actor.id).strip().lower()


def _distinct_bases(ctx: Context, a: str, b: str) -> bool:
    basis_a = ctx.process.step(a).legal_basis
    basis_b = ctx.process.step(b).legal_basis
    return bool(basis_a and basis_b and basis_a.strip().lower() != basis_b.strip().lower())


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    for ids in duplicate_groups(ctx, legal=False):
        steps = [ctx.process.step(i) for i in ids]
        first = step_to_keep(ctx.process, steps)
        reason, _assumed = why_kept(ctx.process, first, steps)
        kept_acts = facts.step_actions(first)
        removable = [s.id for s in steps if s is not first and not s.keep
                     and not acts_lost(kept_acts, facts.step_actions(s))]
        action = facts.actions[first.id]
        words = " ".join(sorted(set.intersection(*(set(facts.objects(i)) for i in ids))))
        who = listing(f"{s.id} ({facts.who(s)})" for s in steps)
        message = _("{count} steps {action} the same thing ({words}): {who}. Keep {keep} "
                    "({reason}) and let the others use its result.").format(
            count=len(steps), action=action_label(action), words=words, who=who, keep=first.id,
            reason=reason)
        yield ctx.finding(ids, message, evidence={
            "action": action,
            "objects": {s.id: sorted(facts.objects(s.id)) for s in steps},
            "actors": {s.id: s.actor for s in steps},
            "keep": first.id,
            "removable": removable,
        }, saving=facts.removal(removable))
