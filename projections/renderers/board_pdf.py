"""The board document: HTML made into a tagged PDF (PDF/UA-1) with WeasyPrint.

The same HTML gives the same bytes: WeasyPrint takes the creation date only from the
document's `dcterms.created` meta, which the template sets to the decision's date, so a
decided round's PDF is the same for ever. Nothing is fetched from outside the document
(user text and the map are in it): only `data:` URLs are read.
"""

import logging
from collections.abc import Sequence

from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

PDF_VARIANT = "pdf/ua-1"
# The pages' stylesheet has screen rules WeasyPrint does not know (media queries by width,
# SVG paint for the trend chart): a warning each per document would drown the log.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def board_pdf(html: str, stylesheets: Sequence[str] = ()) -> bytes:
    fetcher = URLFetcher(allowed_protocols=("data",))
    sheets = [CSS(string=text, url_fetcher=fetcher) for text in stylesheets]
    content: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=sheets, pdf_variant=PDF_VARIANT, pdf_tags=True)
    return content
