"""Settings modules: `dev` (the default for manage.py), `prod` (wsgi/asgi and deployment), `test` (pytest)."""
