"""Flask extensions, created unbound; ``create_app`` binds them.

Rate limits are not here: their counters belong to each app (lms/web/ratelimit.py).
"""

from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
