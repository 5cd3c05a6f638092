"""`debatekg` subcommands for the `web` package."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
