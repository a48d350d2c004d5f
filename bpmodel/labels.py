"""Names people read for the codes of the model and the reports: measures, their groups,
severities, levels and contacts, in the current language (see :mod:`bpmodel.i18n`).

The codes themselves (JSON keys, rule and rewrite names) stay English: they are a contract.

>>> from bpmodel.i18n import use_language
>>> measure_label("lead_time_days"), measure_label("something_new")
('lead time days', 'something new')
>>> with use_language("id"):
...     measure_label("lead_time_days"), measure_label("visits")
('jangka waktu penyelesaian (hari)', 'kunjungan')
"""

from __future__ import annotations

from .i18n import N_, _

MEASURES = {
    "steps": N_("steps"),
    "tasks": N_("tasks"),
    "subprocesses": N_("subprocesses"),
    "gateways": N_("gateways"),
    "events": N_("events"),
    "flows": N_("flows"),
    "actors": N_("actors"),
    "agencies": N_("agencies"),
    "documents": N_("documents"),
    "systems": N_("systems"),
    "lanes": N_("lanes"),
    "participants": N_("participants"),
    "message_flows": N_("message flows"),
    "procedures": N_("procedures"),
    "visits": N_("visits"),
    "expected_visits": N_("expected visits"),
    "contacts": N_("contacts"),
    "expected_contacts": N_("expected contacts"),
    "documents_requested": N_("documents requested"),
    "repeated_requests": N_("repeated requests"),
    "handoffs": N_("handoffs"),
    "agency_handoffs": N_("agency handoffs"),
    "lead_time_days": N_("lead time days"),
    "lead_time_hours": N_("lead time hours"),
    "best_time_days": N_("best time days"),
    "best_time_hours": N_("best time hours"),
    "expected_lead_time_days": N_("expected lead time days"),
    "expected_lead_time_hours": N_("expected lead time hours"),
    "work_hours": N_("work hours"),
    "wait_hours": N_("wait hours"),
    "efficiency": N_("efficiency"),
    "longest_path_steps": N_("longest path steps"),
    "target_days": N_("target days"),
    "meets_target": N_("meets target"),
    "fees": N_("fees"),
    "applicant_hours": N_("applicant hours"),
    "applicant_cost": N_("applicant cost"),
    "staff_hours": N_("staff hours"),
    "staff_cost": N_("staff cost"),
    "annual_applicant_hours": N_("annual applicant hours"),
    "annual_cost": N_("annual cost"),
    "annual_fees": N_("annual fees"),
    "annual_staff_hours": N_("annual staff hours"),
    "annual_staff_cost": N_("annual staff cost"),
    "out_of_pocket": N_("out of pocket"),
    "annual_out_of_pocket": N_("annual out of pocket"),
}

GROUPS = {"Size": N_("Size"), "Applicant": N_("Applicant"), "Handoffs": N_("Handoffs"),
          "Time": N_("Time"), "Cost": N_("Cost"), "Other": N_("Other")}

CATEGORIES = {"redundancy": N_("redundancy"), "waste": N_("waste"),
              "structure": N_("structure")}

SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}

LEVELS = {"safe": N_("safe"), "bold": N_("bold")}


def measure_label(key: str) -> str:
    """The name of a measure (its key with spaces for one not in the table)."""
    if key in MEASURES:
        return _(MEASURES[key])
    return key.replace("_", " ")


def group_label(title: str) -> str:
    """The heading of a group of measures."""
    return _(GROUPS[title]) if title in GROUPS else title


def severity_label(severity: str) -> str:
    """``error``, ``warning`` or ``info`` in the current language."""
    return _(SEVERITIES[severity]) if severity in SEVERITIES else severity


def level_label(level: str) -> str:
    """A simplification level (``safe``, ``bold``) in the current language."""
    return _(LEVELS[level]) if level in LEVELS else level


def yes_no(value: bool) -> str:
    """``yes`` or ``no``."""
    return _("yes") if value else _("no")


ACTIONS = {
    "submit": N_("submit"), "check": N_("check"), "verify": N_("verify"),
    "inspect": N_("inspect"), "approve": N_("approve"), "sign": N_("sign"), "pay": N_("pay"),
    "forward": N_("forward"), "enter-data": N_("enter data"), "archive": N_("archive"),
    "notify": N_("notify"), "issue": N_("issue"), "decide": N_("decide"), "wait": N_("wait"),
    "collect": N_("collect"), "meet": N_("meet"), "register": N_("register"),
    "other": N_("handle"), "handle": N_("handle"),
}


def action_label(action: str) -> str:
    """An action of the vocabulary (``verify``, ``enter-data``) as a verb of the language."""
    return _(ACTIONS[action]) if action in ACTIONS else action


CONTACTS = {"visit": N_("visit"), "online": N_("online"), "phone": N_("phone")}


def contact_label(contact: str) -> str:
    """How the applicant is in contact (``visit``, ``online``...) in the current language."""
    return _(CONTACTS[contact]) if contact in CONTACTS else contact


TASK_KINDS = {"user": N_("user"), "service": N_("service"), "manual": N_("manual"),
              "script": N_("script"), "send": N_("send"), "receive": N_("receive"),
              "rule": N_("rule"), "call": N_("call"),
              "sub-process": N_("sub-process"), "event sub-process": N_("event sub-process"),
              "transaction": N_("transaction"), "ad hoc": N_("ad hoc")}


def task_kind_label(kind: str) -> str:
    """The tag of a task's kind in a diagram (``user``, ``service``...)."""
    return _(TASK_KINDS[kind]) if kind in TASK_KINDS else kind
