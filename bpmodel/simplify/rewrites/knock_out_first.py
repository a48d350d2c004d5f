"""knock-out-first (knock-out ordering, safe): put the check that rejects many cases before
the long or costly steps, so rejected cases do not go through them in vain.

What it does: moves the check and the decision after it (the late-knock-out finding's
``check`` and ``gateway``) to run right before the first step it does not need
(``move_before``); cases it rejects stop there, and cases that pass go on as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, move_knock_out
from .common import Proposal, Rewrite, label


class KnockOutFirst(Rewrite):
    name = "knock-out-first"
    heuristic = N_("knock-out ordering")
    level = "safe"
    answers = ("late-knock-out",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        evidence = finding.evidence
        check, gateway = evidence.get("check"), evidence.get("gateway")
        anchor = evidence.get("move_before")
        if not all(process.has_step(s) for s in (check, gateway, anchor) if s) \
                or None in (check, gateway, anchor):
            return
        try:
            variant = move_knock_out(process, check, gateway, anchor,
                                     evidence.get("rejected_to", ()))
        except EditError:
            return
        share = evidence.get("rejection")
        why = (_("it turns down {share} of the cases; checked first, they are told at once "
                 "and no longer go through the steps before it in vain").format(
                     share=f"{share:.0%}") if isinstance(share, (int, float))
               else _("it turns down cases; checked first, they are told at once and no "
                      "longer go through the steps before it in vain"))
        yield Proposal(variant, (check, gateway, anchor),
                       what=_("Moved the check {check} before {anchor}").format(
                           check=label(process.step(check)), anchor=label(process.step(anchor))),
                       why=why,
                       finding="late-knock-out",
                       assumption=_("the check needs nothing from the steps it now comes "
                                    "before, and turns down the same share of cases there"))
