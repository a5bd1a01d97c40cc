"""What every `strategikarta` command needs: the service, the actor, errors, progress bars."""

import getpass
import sys
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from marshmallow import ValidationError
from tqdm import tqdm

from domain.errors import DomainError
from domain.fields import parse_day
from service.application import Strategikarta
from service.config import ConfigurationError, database_url, persistence_env, plans_on_demand
from service.store_errors import NOT_INITIALISED
from service.time_travel import parse_moment
from service.workbooks import MAX_WORKBOOK_BYTES, WorkbookError
from web.messages import flatten


class Moment(click.ParamType):
    """A time parameter as the API and the pages take it: an ISO date or datetime."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date | datetime:
        if isinstance(value, date):
            return value
        try:
            return parse_moment(str(value))
        except DomainError as error:
            self.fail(error.message, param, ctx)


MOMENT = Moment()


class Day(click.ParamType):
    """A date as the API and the pages take it: YYYY-MM-DD."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


DAY = Day()


def default_actor() -> str:
    return f"cli:{getpass.getuser()}"


def open_service(create_tables: bool = False, every_plan: bool = False) -> Strategikarta:
    """The application on the configured store, holding plans as a worker does
    (STRATEGIKARTA_PLANS_ON_DEMAND); `every_plan`: folding the whole log and holding every
    plan (a command that reads them all)."""
    try:
        service = Strategikarta(persistence_env(database_url(), create_tables),
                                plans_on_demand=None if every_plan else plans_on_demand())
        initialised = create_tables or service.store.is_initialised()
    except (ConfigurationError, DomainError) as error:
        raise click.ClickException(str(error)) from None
    if not initialised:
        raise click.ClickException(NOT_INITIALISED)
    return service


def fail(error: DomainError | ValidationError | WorkbookError,
         options: Mapping[str, str] | None = None) -> click.ClickException:
    """The error as one message and exit code 1; `options` names the command-line option a
    field comes from (`{"bodies": "--body"}`), so the message says what to fix."""
    if isinstance(error, WorkbookError):
        lines = [f"  {cell}: {' '.join(texts)}" for cell, texts in error.errors.items()]
        return click.ClickException(f"the workbook has {len(lines)} problem(s), nothing was "
                                    "stored:\n" + "\n".join(lines))
    if isinstance(error, ValidationError):
        details = flatten(error.messages)
        lines = [f"  {field or 'document'}: {' '.join(texts)}" for field, texts in details.items()]
        return click.ClickException("invalid plan document:\n" + "\n".join(lines))
    option = (options or {}).get((error.field or "").split(".")[0])
    if option:
        return click.ClickException(f"{option}: {error.message}")
    where = f" [{error.field}]" if error.field else ""
    return click.ClickException(f"{error.message}{where}")


def read_workbook(file: Path) -> bytes:
    """A workbook file, read no further than one byte past the largest a workbook may be:
    the service refuses it then, as it refuses an upload that large."""
    with file.open("rb") as stream:
        return stream.read(MAX_WORKBOOK_BYTES + 1)


def rows_progress(description: str) -> Any:
    """A progress bar on a terminal (large workbooks take a while), silent otherwise."""
    return tqdm(desc=description, unit=" rows", disable=not sys.stderr.isatty())
