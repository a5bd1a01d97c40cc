"""A revised plan uploaded on the proposals page, read as the API's import reads it: the
workbook (.xlsx) or document (.json, .yaml) the planners edited, every problem named by its
cell or field, nothing stored unless the whole proposal is."""

from flask_login import current_user
from marshmallow import ValidationError

from domain.errors import InvalidDocumentError
from service.proposal_import import ImportedProposal
from service.workbooks import WorkbookError
from web.documents import load_document, parse_document
from web.error_status import status_of
from web.messages import flatten
from web.pages.form_data import given
from web.pages.proposal_forms import ImportForm
from web.service_access import service

YAML_SUFFIXES = (".yaml", ".yml")


class ImportRefused(Exception):
    """The file's problems, by cell or field (those of the file as a whole at its field)."""

    def __init__(self, problems: dict[str, list[str]], status: int = 422) -> None:
        super().__init__(problems)
        self.problems, self.status = problems, status


def imported_proposal(plan: str, form: ImportForm) -> ImportedProposal:
    """The proposal made of the uploaded file; `ImportRefused` with what is wrong in it."""
    upload = form.file.data
    content, name = upload.read(), (upload.filename or "").lower()
    fields = {"key": given(form.key.data), "title": given(form.title.data),
              "description": form.description.data or "", "actor": current_user.id}
    imports = service().proposal_imports
    try:
        if name.endswith(".xlsx"):
            return imports.from_workbook(plan, content, **fields)
        document = load_document(parse_document(content, name.endswith(YAML_SUFFIXES)))
        return imports.from_document(plan, document, **fields)
    except WorkbookError as error:
        raise ImportRefused(form.refused(error.errors)) from None
    except ValidationError as error:
        raise ImportRefused(form.refused(at_file(flatten(error.messages)))) from None
    except InvalidDocumentError as error:
        raise ImportRefused(form.refused(error.errors), status_of(error)) from None


def at_file(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """A document that cannot be read at all: its problem is the file's."""
    return {("file" if where == "body" else where): texts for where, texts in problems.items()}
