"""The vocabulary of the bpmodel YAML format (``spec/process-format.md``): its version,
the keys each kind of record may have, and the words it gives batch periods and ends.

>>> FORMAT_VERSION, "next" in STEP_KEYS
(1, True)
"""

from __future__ import annotations

FORMAT_VERSION = 1
TOP_KEYS = ("bpmodel", "process", "pools", "actors", "documents", "systems", "steps",
            "message_flows")
PROCESS_KEYS = ("id", "name", "owner", "description", "volume", "target", "currency",
                "tariff", "calendar", "source", "arrivals", "lang",
                # issue 13: burden, fee parameters, grouping in comparisons
                "visit_overhead", "visit_cost", "assumed", "parameters", "service", "region",
                "coverage")
ACTOR_KEYS = ("id", "name", "kind", "agency", "pool", "parent", "description", "staff",
              "assumed")
POOL_KEYS = ("id", "name", "process")
MESSAGE_KEYS = ("id", "from", "to", "name")
DOCUMENT_KEYS = ("id", "name", "issued_by", "government", "legal_basis", "description",
                 "assumed")
SYSTEM_KEYS = ("id", "name", "record", "description")
STEP_KEYS = ("id", "name", "type", "kind", "actor", "work", "wait", "action", "object",
             "needs", "produces", "system", "contact", "fee", "legal_basis", "keep",
             "presence", "competent", "description", "trigger", "interrupting", "parent",
             "attached_to", "next", "batch", "signatory", "merged_from",
             # issue 13: applicant burden and provenance
             "visit_overhead", "visit_cost", "costs", "assumed")
DOCUMENT_ASSUMABLE = ("issued_by", "name")
# Batch periods in words; a month is a twelfth of 52 working weeks.
BATCH_WORDS = {"daily": 1 / 5, "weekly": 1.0, "monthly": 52 / 12}  # in working weeks
BRANCH_KEYS = ("to", "p", "when", "default")
CALENDAR_KEYS = ("hours_per_day", "days_per_week")
THREE_POINT_KEYS = ("min", "likely", "max")
END_WORDS = ("end",)
