"""The WSGI entry for gunicorn: ``gunicorn ownverso.entrypoints.wsgi:app``."""

from ownverso.entrypoints.app import create_app

app = create_app()
