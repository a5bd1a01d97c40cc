"""The accessibility statement (tillgänglighetsredogörelse) the DOS law requires."""

from typing import Any

from flask import Blueprint, render_template

bp = Blueprint("pages_about", __name__)


@bp.get("/tillganglighet")
def accessibility() -> Any:
    """Open to everyone, signed in or not."""
    return render_template("pages/accessibility.html")
