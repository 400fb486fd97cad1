"""Input reading and cleaning: raw input → Article."""

from summarizer.cleaning.boilerplate import Filtered, Removed, classify_line, filter_lines
from summarizer.cleaning.reader import RawInput, decode_bytes, read_input

__all__ = [
    "Filtered",
    "RawInput",
    "Removed",
    "classify_line",
    "decode_bytes",
    "filter_lines",
    "read_input",
]
