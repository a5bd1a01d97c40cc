"""The form an administrator links a local user to the region's account with."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired

from domain.fields import USER
from web.pages.forms import longest


class IdentityLinkForm(FlaskForm):
    """Which account at the region is the person of a local user (its `sub`)."""

    name = HiddenField(validators=[DataRequired()])
    subject = StringField(_l("Account id at the region"),
                          validators=[DataRequired(), longest(USER["subject"])],
                          render_kw={"autocomplete": "off", "spellcheck": "false"})
    drop_password = BooleanField(_l("Remove the password: the user then signs in only with "
                                    "the region's account"))
