"""The rule catalogue: one module per rule, named after the pattern it finds.

A rule module has a docstring in fixed sections (What it does / Why is this bad? /
Example / Fix, and Options when it has some) and defines ``NAME``, ``CATEGORY``
(``redundancy``, ``waste``, ``structure`` or ``reading``: how the step names were read),
``SEVERITY``, ``OPTIONS`` (defaults) and ``check(context)``, which yields findings.
Modules whose name starts with ``_`` are helpers. Adding a rule is adding a module and
its case file ``tests/rules/<name>.yaml``.
"""
