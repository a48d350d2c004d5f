"""Build step of the package: compile the translation catalogues (``.po`` -> ``.mo``).

setuptools runs it as part of ``build_py`` (declared in ``setup.cfg`` as
``cmdclass``), so ``pip install .`` and wheels carry the compiled
catalogues and nobody runs a manual step. ``.mo`` files are never committed; a source
checkout compiles the ``.po`` in memory when it runs (``bpmodel/i18n.py``).
"""

from __future__ import annotations

from pathlib import Path

from setuptools.command.build_py import build_py


def compile_catalogues(source: Path, target: Path) -> list[Path]:
    """Compile every ``locale/<lang>/LC_MESSAGES/*.po`` under ``source`` into the same place
    under ``target``; returns the ``.mo`` files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("locale/*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as stream:
            catalog = read_po(stream)
        with mo.open("wb") as stream:
            write_mo(stream, catalog, use_fuzzy=False)
        written.append(mo)
    return written


class BuildPy(build_py):
    """``build_py`` that also compiles the catalogues into the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return   # an editable install runs from the source tree: compiled at run time
        self.compiled = compile_catalogues(Path("bpmodel"), Path(self.build_lib) / "bpmodel")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode),
                *(str(p) for p in getattr(self, "compiled", ()))]
