"""The catalogue of rewrites, one module each, in the order the engine tries them.

A rewrite answers one or more findings (by rule name). Given the process and a
finding it proposes new processes, each with what it changed and why in plain
words; the engine checks the guarantees and keeps the first acceptable proposal.
Levels follow ruff's safe and unsafe fixes: ``safe`` rewrites keep the same
outcomes for the applicant; ``bold`` ones change who does what or need a rule change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from ...model import Process


@dataclass(frozen=True)
class Proposal:
    """A rewritten process and the reasons for it; ``instrument`` names the legal
    instrument the change needs (a delegation decree, an amended service standard);
    ``rests_on`` names steps the change leaves as they are but whose facts it rests on
    (the signature that makes a delivery possible), so that their assumed facts are
    reported with the change."""

    process: Process
    steps: tuple[str, ...]
    what: str
    why: str
    finding: str | None = None
    legal_basis: str | None = None
    assumption: str | None = None
    instrument: str | None = None
    rests_on: tuple[str, ...] = ()


class Finding(Protocol):
    rule: str
    steps: tuple[str, ...]


class Rewrite:
    """What every rewrite is: a name, a heuristic, a level, the findings it answers, and
    proposals, for a finding (``propose``) or for a pattern it finds itself
    (``propose_own``). Both propose nothing unless a rewrite says otherwise."""

    name: str
    heuristic: str
    level: str
    answers: tuple[str, ...] = ()

    def propose(self, process: Process, finding: Finding) -> Iterator[Proposal]:
        return iter(())

    def propose_own(self, process: Process) -> Iterator[Proposal]:
        return iter(())


def _catalogue() -> list[Rewrite]:
    from . import (
        approvals,
        composition,
        delegation,
        delivery,
        deregulation,
        duplicates,
        integration,
        joint_inspection,
        knockout,
        non_value,
        once_only,
        overlap,
        parallelism,
        rework,
        superfluous_gateway,
        visits,
    )

    return [duplicates.RemoveDuplicateStep(), superfluous_gateway.RemoveSuperfluousGateway(),
            deregulation.AbolishRequirement(),
            overlap.HarmoniseRules(), integration.IntegrateSystems(), once_only.ExchangeData(),
            delivery.DeliverElectronically(),
            visits.ReduceVisits(), delegation.DelegateSignature(),
            approvals.FlattenApprovals(), non_value.RemoveNonValueStep(),
            joint_inspection.InspectJointly(),
            composition.ComposeSteps(), knockout.KnockOutFirst(),
            parallelism.Parallelize(), rework.ReduceRework()]


REWRITES: list[Rewrite] = _catalogue()


def rewrite_named(name: str) -> Rewrite:
    """The rewrite with this name (KeyError if there is none)."""
    for rewrite in REWRITES:
        if rewrite.name == name:
            return rewrite
    raise KeyError(name)
