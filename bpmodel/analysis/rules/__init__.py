"""The rule catalogue: one module per rule, named after the pattern it finds.

A rule module has a docstring in fixed sections (What it does / Why is this bad? /
Example / Fix, and Options when it has some) and defines ``NAME``, ``CATEGORY``
(``redundancy``, ``waste``, ``structure`` or ``reading``: how the step names were read),
``SEVERITY``, ``OPTIONS`` (defaults) and ``check(context)``, which yields findings.
Modules whose name starts with ``_`` are helpers. Adding a rule is adding a module and
its case file ``tests/rules/<name>.yaml``.

Two optional names let the simplify engine's rounds cost in proportion to their change
(:class:`~bpmodel.analysis.findings.FindingsOnDemand`): ``BLIND``, the step fields the
rule's detection never reads (a field mapped to None) or reads only through a function
(``has_contact``), so that a variant that changed only those, in steps none of its
findings names, keeps its original's findings; and ``INCREMENTAL = True`` for a rule
whose ``check`` reads ``context.earlier`` (its findings in the earlier round) to take
over those it knows to be the same. ``MERGE_BLIND = True`` declares that a series merge
of two tasks (:func:`~bpmodel.analysis.components.series_merge`, what compose-steps
makes), whose other steps are the same objects, leaves the rule's findings (savings
included) as they were when none of them names either task. Each must give what a fresh
run gives: ``tests/test_incremental_findings.py`` compares them.
"""
