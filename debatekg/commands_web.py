"""``debatekg serve``: the web app under waitress (or Flask's dev server with ``--dev``)."""

from __future__ import annotations

import logging

import click

from kg.errors import KgError

log = logging.getLogger(__name__)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="DEBATEKG_WEB_HOST",
              help="Interface to listen on (0.0.0.0 exposes the app to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              envvar="DEBATEKG_WEB_PORT", help="TCP port.")
@click.option("--dev", is_flag=True, help="Flask's development server with reload and debugger.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads of the production server.")
def serve(host: str, port: int, dev: bool, threads: int) -> None:
    """Serve the web app: debates, topics, authors, search and the Cypher console."""
    app = make_app()
    url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
    click.echo(f"debatekg web app on {url} (Neo4j: {app.extensions['debatekg.neo4j'].settings.describe()})")
    if dev:
        app.run(host=host, port=port, debug=True, use_reloader=True)
        return
    import waitress

    waitress.serve(app, host=host, port=port, threads=threads, ident="debatekg")


def make_app():
    """The app, with the managed local server started first when that is the target."""
    from web import ConfigError, create_app

    try:
        ensure_managed_server()
        return create_app()
    except (ConfigError, KgError) as exc:
        raise click.ClickException(str(exc)) from exc


def ensure_managed_server() -> None:
    """Start the managed Neo4j if it is the target; a failure only means 503 pages until fixed."""
    from kg.config import settings_from_env

    if not settings_from_env().managed:
        return
    from kg.neo4j_local import LocalServer

    try:
        LocalServer.from_env().start()
    except KgError as exc:
        click.echo(f"warning: the managed Neo4j did not start ({exc}); pages answer 503 "
                   "until it runs", err=True)


COMMANDS: list[click.Command] = [serve]
