"""The ``debatekg`` command: a thin click group over the ``kg``, ``ingest`` and ``web`` packages.

Each area keeps its commands in its own module (``debatekg/commands_*.py``) and lists them
in ``COMMANDS``; this module only assembles the group and sets up logging.
"""

from __future__ import annotations

import logging

import click

from debatekg import commands_db, commands_ingest, commands_kg, commands_web


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="debatekg")
def main(verbose: int) -> None:
    """debatekg: argument knowledge graphs from article comment threads."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _module in (commands_db, commands_ingest, commands_kg, commands_web):
    for _command in _module.COMMANDS:
        if _command.name in main.commands:
            raise RuntimeError(f"two debatekg commands are named {_command.name!r}")
        main.add_command(_command)
