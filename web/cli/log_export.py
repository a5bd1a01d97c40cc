"""`log export`: the whole log and its signed checkpoints as JSON Lines, for the standalone
verifier (tools/verify_log.py) to check without Strategikarta, whatever the store."""

import base64
import json
import sys
from pathlib import Path
from typing import IO

import click

from service.log_tables import LogTables
from web.cli.common import open_service

BATCH = 5000


@click.group()
def log() -> None:
    """The event log as a whole."""


@log.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path),
                required=False)
def log_export(file: Path | None) -> None:
    """Write every event (position, aggregate, version, topic, stored state in base64) and every
    signed checkpoint to FILE (or standard output) as JSON Lines; then anyone can run
    `python3 tools/verify_log.py FILE --key VKEY` on it."""
    service = open_service()
    tables = LogTables(service.store.recorder)
    with (file.open("w", encoding="utf-8") if file else sys.stdout) as out:
        count = write_events(out, tables)
        checkpoints = service.checkpoints.list()
        for checkpoint in reversed(checkpoints):  # oldest first
            out.write(json.dumps({"kind": "checkpoint", "size": checkpoint.size,
                                  "note": checkpoint.note}, ensure_ascii=False) + "\n")
    if file:
        click.echo(f"{count} events and {len(checkpoints)} checkpoints written to {file}")


def write_events(out: IO[str], tables: LogTables) -> int:
    position, count = 0, 0
    while batch := tables.events_after(position, BATCH):
        for event in batch:
            out.write(json.dumps({
                "kind": "event", "position": event.position,
                "originator_id": event.originator_id,
                "originator_version": event.originator_version, "topic": event.topic,
                "state": base64.b64encode(event.state).decode()}) + "\n")
        count += len(batch)
        position = batch[-1].position
    return count
