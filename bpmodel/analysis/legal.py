"""The level of a legal basis and the agency competent for a check.

Indonesian rules stand in a hierarchy (UU 12/2011, articles 7 and 8): a law (UU) above a
government regulation (PP), a presidential regulation (Perpres), a ministerial regulation
(Permen), a regional bylaw (Perda), a regent's, mayor's or governor's regulation (Perbup,
Perwal, Pergub) and, lowest, decrees and circulars (SK, SE). In English: act > regulation >
ordinance > policy. When two steps check the same thing, the one kept is the one the
higher rule demands, and then the one of the competent agency: a variant never keeps the
lower rule's check and drops the higher one's.

>>> legal_level("UU 23/2014"), legal_level("PP 16/2021"), legal_level("Perpres 96/2018")
('law', 'government-regulation', 'presidential-regulation')
>>> legal_level("Permen PUPR 5/2016"), legal_level("Perda Kab. Bogor 12/2009")
('ministerial-regulation', 'regional-bylaw')
>>> legal_level("Perbup 31/2019"), legal_level("SE Kepala DPMPTSP"), legal_level("a custom")
('head-regulation', 'decree', None)
>>> legal_rank("Spatial planning law") > legal_rank("Regional regulation on building approval")
True
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import N_
from ..model import Process, Step
from ..validate import reachable_from
from .actions import object_words, similarity
from .wording import groups

# From the highest to the lowest.
LEVELS = ("law", "government-regulation", "presidential-regulation", "ministerial-regulation",
          "regional-bylaw", "head-regulation", "decree")


# The levels in words, for what a person reads (the keys above are codes).
_LEVEL_NAMES = {"law": N_("a law"), "government-regulation": N_("a government regulation"),
                "presidential-regulation": N_("a presidential regulation"),
                "ministerial-regulation": N_("a ministerial regulation"),
                "regional-bylaw": N_("a regional bylaw"),
                "head-regulation": N_("a regent's, mayor's or governor's regulation"),
                "decree": N_("a decree or circular")}


def level_name(level: str | None) -> str:
    """A level of :data:`LEVELS` in words, in the current language ('' for None).

    >>> level_name("ministerial-regulation"), level_name(None)
    ('a ministerial regulation', '')
    """
    from ..i18n import _

    return _(_LEVEL_NAMES[level]) if level in _LEVEL_NAMES else (level or "")


def legal_level(text: str | None) -> str | None:
    """The highest level of rule that ``text`` (a ``legal_basis``) names, or None."""
    named = groups(text, "legal_levels")
    return min(named, key=LEVELS.index) if named else None


def legal_rank(text: str | None) -> int:
    """How high the rule is: 7 for a law down to 1 for a decree, 0 when it is not known."""
    level = legal_level(text)
    return len(LEVELS) - LEVELS.index(level) if level else 0


def competence(process: Process, step: Step) -> tuple[bool, bool]:
    """Whether the step's agency is competent for what it checks, and whether that is
    inferred (not declared with ``competent``).

    Inferred: the agency issued a document the step works on (it needs it, or its name
    matches the step's object), as the land office is competent for a land title.
    """
    if step.competent is not None:
        return step.competent, False
    actor = process.actor(step.actor)
    if actor is None or actor.agency is None:
        return False, True
    agency = actor.agency.strip().lower()
    words = object_words(step)
    for document in process.documents:
        if not document.issued_by or document.issued_by.strip().lower() != agency:
            continue
        if document.id in step.needs or similarity(
                words, object_words(Step(document.id, document.name))) >= 0.5:
            return True, True
    return False, True


def preference(process: Process, step: Step, position: int) -> tuple:
    """The sort key of the step to keep among steps doing the same thing: marked keep,
    then the higher rule, then the competent agency, then the earlier step."""
    return (step.keep, legal_rank(step.legal_basis), competence(process, step)[0], -position)


def step_to_keep(process: Process, steps: Sequence[Step]) -> Step:
    """Of steps that do the same check, the one a variant keeps (see :func:`preference`).

    >>> from bpmodel.model import Actor, Document, Process, Step
    >>> p = Process("p", "P", actors=(Actor("v", "Village", agency="Village"),
    ...     Actor("l", "Land", agency="BPN")),
    ...     documents=(Document("t", "Land title", "BPN"),),
    ...     steps=(Step("a", "Check land title", actor="v", legal_basis="Perbup 3/2019"),
    ...            Step("b", "Check land title", actor="l", legal_basis="Perpres 96/2018")))
    >>> step_to_keep(p, p.steps).id
    'b'
    """
    order = {s.id: i for i, s in enumerate(process.steps)}
    return max(steps, key=lambda s: preference(process, s, order.get(s.id, 0)))


def why_kept(process: Process, keeper: Step, others: Sequence[Step]) -> tuple[str, str | None]:
    """Why ``keeper`` is the step kept among ``others``, in words, and what that rests on
    that is assumed (inferred rather than declared), or None."""
    from ..i18n import _

    rank = legal_rank(keeper.legal_basis)
    if keeper.keep:
        return _("it is marked keep"), None
    if rank and all(legal_rank(s.legal_basis) < rank for s in others if s.id != keeper.id):
        return (_("{basis} is the higher rule (at the level of a {level})").format(
            basis=keeper.legal_basis, level=level_name(legal_level(keeper.legal_basis))), None)
    competent, inferred = competence(process, keeper)
    if competent:
        actor = process.actor(keeper.actor)
        agency = actor.agency if actor and actor.agency else _("its agency")
        if inferred:
            return (_("{agency} issues what it checks, so it is taken as the competent agency "
                      "(assumed)").format(agency=agency),
                    _("{agency} is taken as the agency competent for this check because it "
                      "issues the document checked").format(agency=agency))
        return _("{agency} is the agency competent for it").format(agency=agency), None
    others = [s.id for s in others if s.id != keeper.id]
    if set(others) <= reachable_from(process, [keeper.id]):
        return _("it comes first"), None
    # on parallel branches (or an order the flows do not settle): none comes first
    return _("it is listed first, and the steps run side by side"), None

