"""`debatekg` subcommands for the `kg` package."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
