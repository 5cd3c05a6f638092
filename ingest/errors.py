"""Errors of the ingest side: one line that names the input and what is wrong with it."""

from __future__ import annotations


class UnreadableInput(Exception):
    """An input that cannot be turned into a thread (empty, binary, too large, malformed).

    The message is a single line starting with the file name, so the CLI can print it as is
    and go on with the other inputs.
    """


class IngestWarning(UserWarning):
    """Something was repaired or dropped while reading; the thread is still usable."""
