"""The catalogue of rewrites, one module each named after its rewrite (``reduce-rework``
is ``reduce_rework.py``), in the order the engine tries them.

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
        abolish_requirement,
        compose_steps,
        delegate_signature,
        deliver_electronically,
        exchange_data,
        flatten_approvals,
        harmonise_rules,
        inspect_jointly,
        integrate_systems,
        knock_out_first,
        parallelize,
        reduce_rework,
        reduce_visits,
        remove_duplicate_step,
        remove_non_value_step,
        remove_superfluous_gateway,
    )

    return [remove_duplicate_step.RemoveDuplicateStep(),
            remove_superfluous_gateway.RemoveSuperfluousGateway(),
            abolish_requirement.AbolishRequirement(),
            harmonise_rules.HarmoniseRules(), integrate_systems.IntegrateSystems(),
            exchange_data.ExchangeData(), deliver_electronically.DeliverElectronically(),
            reduce_visits.ReduceVisits(), delegate_signature.DelegateSignature(),
            flatten_approvals.FlattenApprovals(), remove_non_value_step.RemoveNonValueStep(),
            inspect_jointly.InspectJointly(),
            compose_steps.ComposeSteps(), knock_out_first.KnockOutFirst(),
            parallelize.Parallelize(), reduce_rework.ReduceRework()]


REWRITES: list[Rewrite] = _catalogue()


def rewrite_named(name: str) -> Rewrite:
    """The rewrite with this name (KeyError if there is none)."""
    for rewrite in REWRITES:
        if rewrite.name == name:
            return rewrite
    raise KeyError(name)
