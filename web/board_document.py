"""The board document of a round: the printed report's badges and print rules, written as
HTML in Swedish and made into a PDF by the service."""

import base64
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, gettext

from web.service_access import service


def page_numbers() -> str:
    """The footer's "Sida 3 av 12" as a CSS `content` value (the words translated)."""
    return '"' + gettext("Page %(page)s of %(pages)s", page='" counter(page) "',
                         pages='" counter(pages) "') + '"'


def board_document_pdf(plan: str, round: str) -> bytes:
    """The round's board document as a tagged PDF (the same for ever once decided)."""
    with force_locale("sv"):
        content = service().board_documents.content(plan, round,
                                                    gettext("No responsible body"))
        found = content.found
        decision = found.round.record.decision
        created = decision.decision.decided_on if decision else service().today()
        html = render_template(
            "board/document.html", content=content, summary=found.report.summary("sv"),
            created=f"{created.isoformat()}T00:00:00Z", page_numbers=page_numbers(),
            map_data=base64.b64encode(content.map_svg).decode("ascii")
            if content.map_svg else None)
    style = Path(current_app.static_folder or "", "style.css").read_text(encoding="utf-8")
    return service().board_documents.pdf(html, [style])
