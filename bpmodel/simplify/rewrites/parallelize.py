"""parallelize (parallelism, safe): run steps side by side when neither needs the other.

What it does: consecutive steps by different actors, where none needs what an
earlier one produces, run between a new and-split and and-join; the join waits
for all of them before the next step, so everything downstream gets what it needs.
It also finds a task that runs right before a parallel block none of whose steps
needs what it produces, and makes it one more branch of that block. Independence needs
positive evidence: the step and every step of the block declare what they need and what
they give (see ``io_known``), and no pair of them is one whose order is a fact (a decision
after its check, a collection after its issuance). Dependencies are not guessed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.presence import io_known, must_follow
from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, block_steps, join_block, matching_join, parallelize
from .common import Proposal, Rewrite, fresh_id, in_process_language, label

COMPLETE_NEEDS = N_("the steps' needs and produces are complete: no unwritten dependency "
                    "joins them")


class Parallelize(Rewrite):
    name = "parallelize"
    heuristic = N_("parallelism")
    level = "safe"
    answers = ("sequential-independent",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        chain = [s for s in finding.steps if process.has_step(s)]
        if len(chain) < 2:
            return
        split = fresh_id(process, f"parallel_{chain[0]}")
        join = fresh_id(process, f"{split}_done")
        try:
            variant = parallelize(
                process, chain, split, join,
                split_name=in_process_language(process, N_("Start {count} steps in parallel"))
                .format(count=len(chain)),
                join_name=in_process_language(process, N_("{count} parallel steps done"))
                .format(count=len(chain)))
        except EditError:
            return
        steps = [process.step(s) for s in chain]
        yield Proposal(variant, tuple(chain),
                       what=_("Run {steps} in parallel").format(
                           steps=", ".join(label(s) for s in steps)),
                       why=_("none of them needs what the others produce, and different people "
                             "do them; the case waits for the longest instead of the sum"),
                       finding="sequential-independent",
                       assumption=_(COMPLETE_NEEDS))

    def propose_own(self, process: Process) -> Iterator[Proposal]:
        """A task before an and-block that needs nothing from it joins the block."""
        for step in process.steps:
            out = process.outgoing(step.id)
            if not step.is_task or len(out) != 1 or len(process.incoming(step.id)) > 1:
                continue
            if not io_known(step) or not process.has_step(out[0].target):
                continue
            split = process.step(out[0].target)
            if not (split.is_gateway and split.kind == "and"):
                continue
            join = matching_join(process, split.id)
            if join is None:
                continue
            inside = [process.step(s) for s in block_steps(process, split.id, join)]
            tasks = [s for s in inside if s.is_task]
            if not tasks or not all(io_known(s) for s in tasks):
                continue  # a step of the block whose inputs are unknown might need it
            if any(must_follow(process, step, s) for s in tasks):
                continue
            if any(set(s.needs) & set(step.produces) or set(step.needs) & set(s.produces)
                   for s in tasks):
                continue
            try:
                variant = join_block(process, step.id, split.id)
            except EditError:
                continue
            yield Proposal(
                variant, (step.id, split.id),
                what=_("Run {step} alongside the parallel block at {split}").format(
                    step=label(step), split=label(split)),
                why=_("no step of the block needs what it produces, and it needs nothing the "
                      "block produces; the case no longer waits for it before the block "
                      "starts"),
                finding="sequential-independent",
                assumption=_(COMPLETE_NEEDS))
