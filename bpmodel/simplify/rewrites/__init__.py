"""The catalogue of rewrites, one module each, in the order the engine tries them.

A rewrite answers one or more findings (by rule name). Given the process and a
finding it proposes new processes, each with what it changed and why in plain
words; the engine checks the guarantees and keeps the first acceptable proposal.
Levels follow ruff's safe and unsafe fixes: ``safe`` rewrites keep the same
outcomes for the applicant; ``bold`` ones change who does what or need a rule change.
What a rewrite is and proposes (:class:`Rewrite`, :class:`Proposal`) and the helpers the
rewrites share are in :mod:`bpmodel.simplify.rewrites.common`.
"""

from __future__ import annotations

from .common import Finding, Proposal, Rewrite

__all__ = ["REWRITES", "Finding", "Proposal", "Rewrite", "rewrite_named"]


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
