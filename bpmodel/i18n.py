"""Translations: English source text, Bahasa Indonesia from a gettext catalogue.

Every sentence a person reads is written in English inside ``_()`` (whole sentences
with named placeholders, ``_("{count} steps").format(count=3)``); the Indonesian text is
in ``bpmodel/locale/id/LC_MESSAGES/bpmodel.po``, whose terms follow
``bpmodel/locale/glossary.yaml``. An installed package carries the compiled ``.mo``
(built by the install, see ``build_catalogues.py``); in a source checkout, where the
``.mo`` is absent or older than the ``.po``, the ``.po`` is compiled in memory once.

The current language is, in this order: the one set for this run (``--lang``, or
:func:`use_language`), then the process's (its ``lang`` key, or read from its step
names, see :func:`process_language`, set by the command line), then the user's locale
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), then English.

>>> with use_language("id"):
...     _("Before and after: {process}").format(process="PBG")
'Sebelum dan sesudah: PBG'
>>> with use_language("en"):
...     ngettext("{count} step", "{count} steps", 1).format(count=1)
'1 step'
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

LANGUAGES = ("en", "id")
DEFAULT = "en"
DOMAIN = "bpmodel"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str | None] = ContextVar("bpmodel_language", default=None)


# -- the current language ------------------------------------------------------------------


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language of the user's locale, as gettext reads it (None when it is neither
    English nor Indonesian).

    >>> locale_language({"LANG": "id_ID.UTF-8"}), locale_language({"LC_ALL": "en_GB.UTF-8"})
    ('id', 'en')
    >>> locale_language({"LANGUAGE": "fr:id", "LANG": "C.UTF-8"}), locale_language({})
    ('id', None)
    """
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code == "in":        # the old ISO 639 code of Bahasa Indonesia
                code = "id"
            if code in LANGUAGES:
                return code
        if variable != "LANGUAGE":  # gettext stops at the first of the others that is set
            return None
    return None


def language() -> str:
    """The language of the output now: the one set, else the locale's, else English."""
    return _current.get() or locale_language() or DEFAULT


def explicit_language() -> str | None:
    """The language set for this run, if any (None: it follows the process or locale)."""
    return _current.get()


def set_language(lang: str | None):
    """Set the language of the output (None: follow the locale); returns a token for
    :func:`reset_language`."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return _current.set(lang)


def reset_language(token) -> None:
    """Undo a :func:`set_language`."""
    _current.reset(token)


@contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """Translate into ``lang`` inside the ``with`` block (None: leave it as it is)."""
    if lang is None:
        yield
        return
    token = set_language(lang)
    try:
        yield
    finally:
        reset_language(token)


# -- the catalogues ------------------------------------------------------------------------


def catalogue_paths(lang: str, locale_dir: Path = LOCALE_DIR) -> tuple[Path, Path]:
    """The ``.po`` and ``.mo`` files of a language."""
    folder = locale_dir / lang / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def compile_po(po_text: bytes) -> bytes:
    """A ``.po`` catalogue compiled to ``.mo`` bytes (Babel; fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po_text))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang`` (English is the source text: nothing to look up)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    po, mo = catalogue_paths(lang)
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as stream:
            return gettext.GNUTranslations(stream)
    if not po.exists():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compile_po(po.read_bytes())))


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(language()).gettext(message)


def gettext_in(lang: str | None, message: str) -> str:
    """``message`` in ``lang`` (the current language when None), e.g. the name of a step
    added to a process, which follows the process's language whatever the output's."""
    return translations(lang or language()).gettext(message)


def ngettext(singular: str, plural: str, n: int | float) -> str:
    """The singular or plural form of a message for the number ``n``."""
    return translations(language()).ngettext(singular, plural, _plural_count(n))


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English text used
    elsewhere by ``context`` (e.g. ``pgettext("measure", "visits")``)."""
    return translations(language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (tables at import)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair for :func:`ngettext` later (extracted as one entry)."""
    return singular, plural


def _plural_count(n: int | float) -> int:
    return int(n) if float(n).is_integer() else 2   # 1.5 days is plural


# -- documentation -------------------------------------------------------------------------


def _doc_blocks(doc: str) -> list[tuple[str, list[str]]]:
    """A doc (rule and rewrite docs: reStructuredText-like) as blocks: ``("heading", [text])``,
    ``("text", [paragraph])``, ``("items", [item, ...])`` or ``("code", [lines])``; the
    text of headings, paragraphs and items is what gets translated, one entry each."""
    blocks: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n\s*\n", doc.strip("\n")):
        lines = chunk.splitlines()
        if len(lines) >= 2 and set(lines[1].strip()) == {"-"}:
            blocks.append(("heading", [lines[0].strip()]))
            lines = lines[2:]
            if not lines:
                continue
        if lines[0].startswith((" ", "\t")) or lines[0].strip() == "::":
            blocks.append(("code", lines))
        elif all(not line.startswith(" ") for line in lines) and lines[0].startswith(
                ("``", "- ")):
            items: list[str] = []
            for line in lines:
                if line.startswith(("``", "- ")) or not items:
                    items.append(line.strip())
                else:
                    items[-1] += " " + line.strip()
            blocks.append(("items", items))
        else:
            blocks.append(("text", [" ".join(line.strip() for line in lines)]))
    return blocks


def doc_messages(doc: str) -> list[str]:
    """The messages of a doc for the catalogue: its headings, paragraphs and items.

    >>> doc_messages("A rule.\\n\\nWhy\\n---\\nIt is slow\\nand long.\\n\\n::\\n\\n    - a\\n")
    ['A rule.', 'Why', 'It is slow and long.']
    """
    return [text for kind, texts in _doc_blocks(doc) if kind != "code" for text in texts]


def translate_doc(doc: str, width: int = 88) -> str:
    """A doc in the current language, heading by heading and paragraph by paragraph (a
    paragraph without a translation stays as written; the English doc comes back as is)."""
    import textwrap

    if language() == DEFAULT:
        return doc
    out = []
    for kind, texts in _doc_blocks(doc):
        if kind == "code":
            out.append("\n".join(texts))
        elif kind == "heading":
            heading = _(texts[0])
            out.append(f"{heading}\n{'-' * len(heading)}")
        elif kind == "items":
            out.append("\n".join(textwrap.fill(_(item), width)
                                 for item in texts))
        else:
            out.append(textwrap.fill(_(texts[0]), width))
    # a heading and the paragraph under it stay together, as written
    text = "\n\n".join(out)
    return re.sub(r"(\n-+)\n\n", r"\1\n", text) + "\n"


def extract_python_and_docs(fileobj, keywords, comment_tags, options):
    """Babel extraction method (see ``babel.cfg``): the messages of a Python module, and
    the headings and paragraphs of its module docstring (a rule's or a rewrite's doc).

    Options (``babel.cfg``): ``doc_of``, whose docs they are, for the translators'
    comment (``rule``, the default, or ``rewrite``); ``defines``, a base class: only the
    doc of a module that defines a class on it is extracted (``Rewrite``: ``common.py``,
    the rewrites' helpers, defines none). A module named ``_*`` (``__init__``) has no doc
    to translate.
    """
    import ast

    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    if Path(getattr(fileobj, "name", "x")).name.startswith("_"):
        return   # a package's __init__ (a catalogue) is no rule nor rewrite
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    base = options.get("defines")
    if base and not _defines_class_on(tree, base):
        return
    doc = ast.get_docstring(tree, clean=True)
    if doc:
        comment = f"TRANSLATORS: a paragraph of a {options.get('doc_of', 'rule')}'s doc"
        for text in doc_messages(doc):
            yield 1, None, text, [comment]


def _defines_class_on(tree, base: str) -> bool:
    """Whether a module (its syntax tree) defines a class with ``base`` among its bases
    (written as a name or an attribute: ``Rewrite``, ``common.Rewrite``)."""
    import ast

    return any(isinstance(node, ast.ClassDef) and any(
        (b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)) == base
        for b in node.bases) for node in tree.body)


# -- numbers -------------------------------------------------------------------------------


def format_number(value: float, digits: int = 2, lang: str | None = None, *,
                  sign: bool = False, trim: bool = True) -> str:
    """A number with thousands separators and ``digits`` decimals (trailing zeros dropped
    unless ``trim`` is false) as the language writes it: ``1,234.5`` in English,
    ``1.234,5`` in Indonesian.

    >>> format_number(1234.5, lang="en"), format_number(1234.5, lang="id")
    ('1,234.5', '1.234,5')
    >>> format_number(-3.0, lang="id", sign=True), format_number(0.125, 2, "id", trim=False)
    ('-3', '0,12')
    """
    text = f"{value:{'+' if sign else ''},.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "+0" if sign else "0"
    if (lang or language()) == "id":
        text = text.translate(str.maketrans(",.", ".,"))
    return text


def decimal(text: str, lang: str | None = None) -> str:
    """A number already written the English way (``1,234.5``, from a format spec such as
    ``.3g``) written the way of the language.

    >>> decimal("1,234.5", "id"), decimal("1,234.5", "en")
    ('1.234,5', '1,234.5')
    """
    if (lang or language()) == "id":
        return text.translate(str.maketrans(",.", ".,"))
    return text


def format_money(value: float, currency: str | None = None, lang: str | None = None) -> str:
    """An amount of money: rupiah without decimals (none are in use), as ``Rp 135.000.000``
    in Indonesian and ``IDR 135,000,000`` in English; other currencies with two decimals
    at most, after their code.

    >>> format_money(135_000_000, "IDR", "id"), format_money(135_000_000, "IDR", "en")
    ('Rp 135.000.000', 'IDR 135,000,000')
    >>> format_money(1500.5, "USD", "en")
    'USD 1,500.5'
    """
    lang = lang or language()
    if currency in ("IDR", "Rp"):
        return ("Rp " if lang == "id" else "IDR ") + format_number(value, 0, lang)
    number = format_number(value, 2, lang)
    return f"{currency} {number}" if currency else number


# -- the language of a process -------------------------------------------------------------

_WORDS = {
    "id": frozenset(str.split(
        "dan yang di ke dari untuk oleh dengan atau pada dalam atas surat izin permohonan "
        "pemohon berkas persyaratan pemeriksaan verifikasi penerbitan pembayaran persetujuan "
        "pengajuan penyerahan pengambilan dokumen teknis kepala dinas bidang retribusi "
        "rekomendasi tanda tangan tanah bangunan gedung lapangan kelengkapan pendaftaran "
        "penandatanganan pengesahan keputusan penelitian tim bukti lokasi survei peninjauan "
        "penilaian perhitungan penetapan sertifikat kelurahan kecamatan desa loket petugas "
        "pelayanan layanan menerima memeriksa mengajukan membayar menyerahkan diterima "
        "diperiksa diterbitkan disetujui tidak ya selesai lengkap sesuai")),
    "en": frozenset(str.split(
        "the and of to for by with or on in at from a an application applicant permit "
        "submit check verify review approve approval issue issued pay payment fee receive "
        "send sign signature inspect inspection site documents document certificate "
        "complete completeness building land office head team technical decision register "
        "forward archive record notify notice request letter plan assess assessment visit "
        "yes no done valid invalid complete incomplete")),
}
_TOKEN = re.compile(r"[^\W\d_]+")


def detect_language(texts: Iterable[str]) -> str | None:
    """``id`` or ``en``, whichever language more of the words are common words of; None
    when the texts give no sign (names that are only codes or proper nouns).

    >>> detect_language(["Pengajuan permohonan", "Pemeriksaan berkas oleh petugas"])
    'id'
    >>> detect_language(["Submit the application", "Check documents"])
    'en'
    >>> detect_language(["PBG", "SIMBG"]) is None
    True
    """
    counts = dict.fromkeys(LANGUAGES, 0)
    for text in texts:
        for word in _TOKEN.findall(text.lower()):
            for lang, words in _WORDS.items():
                counts[lang] += word in words
    best = max(counts, key=counts.get)
    if counts[best] == 0 or list(counts.values()).count(counts[best]) > 1:
        return None
    return best


def process_language(process) -> str | None:
    """The language of a process: its ``lang`` key, else read from its step and actor
    names (None when they give no sign)."""
    if getattr(process, "lang", None):
        return process.lang
    return detect_language([process.name, *(s.name for s in process.steps),
                            *(a.name for a in process.actors)])


def language_for(process) -> str:
    """The language to write in for ``process``: the one set for this run, else the
    process's, else the locale's, else English."""
    return explicit_language() or process_language(process) or language()
