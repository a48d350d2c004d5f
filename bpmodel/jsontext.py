"""JSON text that is always JSON: a non-finite figure becomes ``null``, never ``Infinity``.

>>> dumps({"lead_time_days": float("inf"), "steps": [1, float("nan")]}, indent=None)
'{"lead_time_days": null, "steps": [1, null]}'
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(data: Any) -> Any:
    """``data`` with every infinite or NaN float (at any depth) replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(value) for value in data]
    return data


def dumps(data: Any, indent: int | None = 2, **options: Any) -> str:
    """``json.dumps`` of ``data`` with non-finite figures as ``null`` (``allow_nan=False``)."""
    return json.dumps(finite(data), indent=indent, ensure_ascii=False, allow_nan=False,
                      **options)
