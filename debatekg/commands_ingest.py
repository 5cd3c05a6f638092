"""`debatekg` subcommands for the `ingest` package: extract, schema, eval, ingest."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from debatekg.context import one_line_errors, open_graph
from ingest.formats import FORMATS

if TYPE_CHECKING:
    from ingest.pipeline import Extraction

_REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = _REPO / "tests" / "gold"
DEFAULT_CORPUS = _REPO / ".." / "shared" / "corpus"

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Input format (default: detected).",
)
max_mb_option = click.option(
    "--max-mb",
    "max_mb",
    type=click.FloatRange(min=0.001),
    default=16.0,
    show_default=True,
    envvar="DEBATEKG_MAX_INPUT_MB",
    help="Refuse input files larger than this many MiB.",
)
overrides_option = click.option(
    "--overrides",
    "overrides_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory of <thread>.overrides.yaml files (default: beside each input).",
)


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; a folder means every regular, non-hidden file in it (overrides excluded)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and not p.name.endswith(".overrides.yaml")
            )
        else:
            out.append(path)
    return out


def bundle_json(bundle: Any) -> dict[str, Any]:
    """The documented extract output of one thread."""
    return bundle.model_dump(mode="json")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="JSON file to write (- for standard output).",
)
@format_option
@overrides_option
@max_mb_option
def extract(paths: tuple[str, ...], out: Path, fmt: str | None, overrides_dir: Path | None,
            max_mb: float) -> None:
    """Extract threads from PATHS without a database and write them as JSON."""
    from ingest.pipeline import iter_extract

    threads, failures = [], []
    for result in iter_extract(expand_paths(paths), format=fmt, overrides_dir=overrides_dir,
                               max_bytes=int(max_mb * 2**20)):
        if result.error:
            failures.append(result.error)
            click.echo(result.error, err=True)
        threads += [bundle_json(b) for b in result.bundles]
    text = json.dumps({"threads": threads}, ensure_ascii=False, indent=2)
    if str(out) == "-":
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(threads)} thread(s) written to {out}", err=True)
    if failures:
        raise SystemExit(1)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the JSON / JSON Lines thread input format."""
    from ingest.formats.jsonthread import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@click.command(name="eval")
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT_GOLD,
    show_default=True,
    help="Directory of gold annotations.",
)
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT_CORPUS,
    help="Directory of the threads the gold files name.",
)
@click.option("--per-thread", is_flag=True, help="Also print the scores of each thread.")
def eval_command(gold_dir: Path, corpus_dir: Path, per_thread: bool) -> None:
    """Print precision, recall and F1 of extraction against the gold annotations."""
    from ingest.evaluate import evaluate, format_table

    report = evaluate(gold_dir, corpus_dir)
    if not report.threads:
        raise click.ClickException(f"no gold thread in {gold_dir} could be scored")
    click.echo(format_table(report, per_thread=per_thread))


workers_option = click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    envvar="DEBATEKG_INGEST_WORKERS",
    help="Processes extracting files while earlier ones are written (default: one per core, "
         "none for a handful of files).",
)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@format_option
@overrides_option
@max_mb_option
@workers_option
@one_line_errors
def ingest(paths: tuple[str, ...], fmt: str | None, overrides_dir: Path | None,
           max_mb: float, workers: int | None) -> None:
    """Extract PATHS (folders mean every file in them) and load each thread into Neo4j."""
    from debatekg.ingest_run import IngestRun, extract_and_load
    from kg.load import LoadSummary, finish_ingest, start_ingest

    files = expand_paths(paths)
    driver, settings = open_graph()
    start_ingest(driver, database=settings.database)
    run = IngestRun()
    total = LoadSummary()
    with click.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar:
        for group in extract_and_load(
                driver, files, database=settings.database, run=run, workers=workers,
                watch=functools.partial(_advance, bar), format=fmt, overrides_dir=overrides_dir,
                max_bytes=int(max_mb * 2**20)):
            total.add(group.summary)
    if run.rows:
        total.add(finish_ingest(driver, database=settings.database))
    click.echo(_summary(run.rows, total))
    for line in run.failures:
        click.echo(line, err=True)
    if run.failures:
        raise SystemExit(1)


def _advance(bar: Any, extractions: Iterable[Extraction]) -> Iterator[Extraction]:
    """Each extraction on its way to the loader moves the bar on by one file."""
    for result in extractions:
        bar.update(1)
        yield result


def _summary(rows: list[tuple[str, int, int, float]], total: Any) -> str:
    """Per-thread lines, then what changed in the graph per label and relationship type."""
    lines = [f"{'thread':<40}{'posts':>7}{'stances':>9}{'seconds':>9}"]
    lines += [f"{t:<40}{p:>7}{s:>9}{sec:>9.2f}" for t, p, s, sec in rows]
    lines.append(f"{len(rows)} thread(s) loaded")
    changes = total.table()
    if changes:
        lines.append(f"{'':<2}{'kind':<14}{'name':<16}{'created':>9}{'deleted':>9}")
        lines += [f"{'':<2}{kind:<14}{name:<16}{c:>9}{d:>9}" for kind, name, c, d in changes]
    else:
        lines.append("  no node or relationship created or deleted")
    return "\n".join(lines)


COMMANDS: list[click.Command] = [extract, schema, eval_command, ingest]
