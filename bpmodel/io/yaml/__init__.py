"""Read and write processes in the bpmodel YAML format (``spec/process-format.md``):
:mod:`~bpmodel.io.yaml.reader` reads (with a line and column for every error),
:mod:`~bpmodel.io.yaml.writer` writes, :mod:`~bpmodel.io.yaml.format` holds the keys and
words both follow.

>>> import bpmodel
>>> process = bpmodel.load_process(bpmodel.default_process_path())
>>> loads_yaml(dumps_yaml(process)).process == process
True
"""

from __future__ import annotations

from .format import FORMAT_VERSION
from .reader import decode, load_yaml, loads_yaml, read_text
from .writer import dumps_yaml, process_to_data

__all__ = ["FORMAT_VERSION", "decode", "dumps_yaml", "load_yaml", "loads_yaml",
           "process_to_data", "read_text"]
