"""Domain errors of the ``kg`` package, each with a message a user can act on."""

from __future__ import annotations


class KgError(Exception):
    """Base class: the CLI prints these as one line and exits non-zero."""


class Neo4jUnavailable(KgError):
    """The configured Neo4j server does not answer."""


class Neo4jSetupError(KgError):
    """The managed local server cannot be installed or started (missing java or mvn, bad port)."""


class ThreadNotFound(KgError):
    """No thread with that id in the graph."""


class QueryRefused(KgError):
    """A console query tried to write or call something it may not."""
