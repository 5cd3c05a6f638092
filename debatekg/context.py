"""What every database command needs: one driver per process, and errors as one clear line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click
import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from kg.config import Neo4jSettings, connect
from kg.errors import KgError

F = TypeVar("F", bound=Callable[..., Any])


def one_line_errors(fn: F) -> F:
    """Turn domain and driver errors into a ``ClickException``: one line, non-zero exit."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KgError as exc:
            raise click.ClickException(str(exc)) from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise click.ClickException(f"Neo4j stopped answering: {exc}") from exc
        except Neo4jError as exc:
            raise click.ClickException(f"Neo4j error {exc.code}: {exc.message}") from exc

    return wrapper  # type: ignore[return-value]


def open_graph() -> tuple[neo4j.Driver, Neo4jSettings]:
    """The process's driver, closed when the command ends (starts the managed server if needed)."""
    ctx = click.get_current_context()
    cached = ctx.meta.get("debatekg.graph")
    if cached is None:
        cached = connect()
        ctx.meta["debatekg.graph"] = cached
        ctx.call_on_close(cached[0].close)
    return cached
