"""The board document of a round: the printed report's badges and print rules, written as
HTML in Swedish; the service makes it into a PDF."""

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, gettext

from web.service_access import service


def page_numbers() -> str:
    """The footer's "Sida 3 av 12" as a CSS `content` value (the words translated)."""
    return '"' + gettext("Page %(page)s of %(pages)s", page='" counter(page) "',
                         pages='" counter(pages) "') + '"'


def board_html(content: Any) -> tuple[str, Sequence[str]]:
    """The board document as HTML, with the pages' stylesheet (its print rules apply)."""
    found = content.found
    decision = found.round.record.decision
    created = decision.decision.decided_on if decision else service().today()
    with force_locale("sv"):
        html = render_template(
            "board/document.html", content=content, summary=found.report.summary("sv"),
            created=f"{created.isoformat()}T00:00:00Z", page_numbers=page_numbers(),
            map_data=base64.b64encode(content.map_svg).decode("ascii")
            if content.map_svg else None)
    style = Path(current_app.static_folder or "", "style.css").read_text(encoding="utf-8")
    return html, [style]


def board_document_pdf(plan: str, round: str) -> bytes:
    """The round's board document as a tagged PDF (the same for ever once decided)."""
    with force_locale("sv"):
        nobody = gettext("No responsible body")
    return service().board_documents.pdf(plan, round, nobody, board_html)
