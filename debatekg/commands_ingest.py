"""`debatekg` subcommands for the `ingest` package."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
