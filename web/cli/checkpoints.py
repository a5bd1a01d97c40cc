"""`key create` and `checkpoint`: the key that signs the log, and a checkpoint made now."""

from pathlib import Path

import click

from service.signed_note import DEFAULT_ORIGIN, NoteError, SigningKey
from service.tree_repair import rebuild_tree as repaired
from web.cli.common import open_service


@click.group()
def key() -> None:
    """The key checkpoints are signed with (kept in a file, never in the database)."""


@key.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--origin", default=DEFAULT_ORIGIN, show_default=True,
              help="The log's name: the checkpoints' first line and the key's name.")
def key_create(file: Path, origin: str) -> None:
    """Make a new Ed25519 signing key in FILE (readable by its owner only; an existing file is
    never overwritten) and print its verifier key, which auditors check checkpoints with."""
    try:
        signing_key = SigningKey.create(origin)
        signing_key.save_new(file)
    except NoteError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"signing key written to {file}; set STRATEGIKARTA_SIGNING_KEY_FILE={file}")
    click.echo(f"verifier key: {signing_key.verifier().text()}")


@click.command()
@click.option("--rebuild-tree", is_flag=True, help="First recompute the stored tree (derived "
              "data) from the log, if the log still gives the latest checkpoint's root.")
def checkpoint(rebuild_tree: bool) -> None:
    """Sign a checkpoint of the log as it stands (the server makes one within a minute of a
    write); print its size and root. Needs STRATEGIKARTA_SIGNING_KEY_FILE."""
    checkpoints = open_service().checkpoints
    made = repaired(checkpoints) if rebuild_tree else checkpoints.make()
    notice = checkpoints.notice
    if made is None and notice is None:
        raise click.ClickException("the log is empty: nothing to sign yet")
    if made is None:
        raise click.ClickException(f"no checkpoint made: {notice.problem if notice else ''}; "
                                   "run `strategikarta verify`")
    click.echo(f"checkpoint: {made.size} events, root {made.root} (signed {made.signed_at})")
