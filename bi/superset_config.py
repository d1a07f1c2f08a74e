"""Superset configuration for `make check-superset` (read through SUPERSET_CONFIG_PATH).

Everything the check starts lives in one scratch folder, `$WIREHOUSE_SUPERSET_HOME`:
the SQLite metadata database here, and SUPERSET_HOME (set by the check). The secret key
is made fresh for each run by the check (`$SUPERSET_SECRET_KEY`); nothing is loaded
from Superset's examples.
"""
import os
from pathlib import Path

_HOME = Path(os.environ["WIREHOUSE_SUPERSET_HOME"])

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}"
SQLALCHEMY_EXAMPLES_URI = None

# The check talks to the REST API with a bearer token; a CSRF token would only add a
# round trip. The server listens on loopback only.
WTF_CSRF_ENABLED = False
TALISMAN_ENABLED = False
RATELIMIT_ENABLED = False
AUTH_RATE_LIMITED = False
# No Celery, no Redis: queries run in the web process, results are not cached.
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
SUPERSET_WEBSERVER_TIMEOUT = 120
PREVENT_UNSAFE_DB_CONNECTIONS = True
FEATURE_FLAGS = {"ALERT_REPORTS": False}
