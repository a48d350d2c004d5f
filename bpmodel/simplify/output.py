"""Writing a simplified variant: YAML, BPMN, the change log and a JSON summary.

Every file is rendered in memory first, then each is written whole (a temporary
file renamed into place), so a failure leaves no half-written output. An output
path that is the input file is refused: inputs are never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..io import write_atomic
from .changes import GAIN_KEYS, changes_markdown
from .engine import Variant

VARIANT_YAML = "variant.yaml"
VARIANT_BPMN = "variant.bpmn"
CHANGES_MD = "changes.md"
SUMMARY_JSON = "summary.json"


def summary(variant: Variant, ranking: list[tuple[str, dict[str, float]]] | None = None
            ) -> dict[str, Any]:
    """The variant as plain data: measures before and after, changes, ranking."""
    return {
        "process": {"id": variant.original.id, "name": variant.original.name},
        "level": variant.level,
        "before": variant.before,
        "after": variant.after,
        "changes": [c.to_dict() for c in variant.changes],
        "ranking": [{"rewrite": name, "gain": gain} for name, gain in (ranking or [])],
        "left_as_is": list(variant.unchanged),
    }


def render_outputs(variant: Variant, ranking=None) -> dict[str, str]:
    """File name -> text of every output of a variant."""
    from ..io import dumps

    return {
        VARIANT_YAML: dumps(variant.process, "yaml"),
        VARIANT_BPMN: dumps(variant.process, "bpmn"),
        CHANGES_MD: changes_markdown(variant.original.name, variant.level,
                                     list(variant.changes), variant.before, variant.after,
                                     list(variant.unchanged)),
        SUMMARY_JSON: json.dumps(summary(variant, ranking), indent=2, ensure_ascii=False,
                                 default=str) + "\n",
    }


def write_outputs(outputs: dict[str, str | bytes], directory: Path,
                  inputs: list[Path] = ()) -> list[Path]:
    """Write rendered outputs into ``directory``; refuses to overwrite any of ``inputs``."""
    targets = [directory / name for name in outputs]
    protected = {Path(p).resolve() for p in inputs}
    for target in targets:
        if target.resolve() in protected:
            raise FileExistsError(f"{target}: refusing to overwrite the input file; "
                                  f"choose another output folder with -o")
    for target, data in zip(targets, outputs.values()):
        write_atomic(target, data)
    return targets


def before_after_table(variant: Variant) -> str:
    """The measures before and after as an aligned text table."""
    rows = [("measure", "before", "after", "change")]
    for key in GAIN_KEYS:
        if key not in variant.before or key not in variant.after:
            continue
        a, b = variant.before[key], variant.after[key]
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            continue
        change = b - a
        pct = f" ({change / a:+.0%})" if a else ""
        rows.append((key.replace("_", " "), _num(a), _num(b), f"{_num(change, sign=True)}{pct}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  "
                     f"{r[3]:>{widths[3]}}" for r in rows)


def _num(value: float, sign: bool = False) -> str:
    text = f"{value:+,.2f}" if sign else f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text
