"""The ground floor: pieces every app needs and that know no app.

Typed environment readers (`env`), the figures cache generation (`cache`), sending tasks after commit
(`background`), the shared form page and base form (`views`, `forms`), the registry of target metrics
(`metrics`), spreadsheet and CSV cells written as inert text (`xlsx`), sizing up zip archives before they are
read (`archives`), the one store for uploaded files (`files`), and backups (`backups`, `manage.py backup` and
`restore`). Nothing here imports an app of the portal; an import-linter contract in pyproject.toml keeps it so.
"""
