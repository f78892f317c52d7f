"""The ground floor: pieces every app needs and that know no app.

The figures cache generation (`cache`), sending tasks after commit (`background`), typed environment readers
(`env`), the shared form page and base form (`views`, `forms`), spreadsheet cells written as inert text
(`xlsx`), and the one store for uploaded files (`files`, `uploads`). Nothing here imports an app of the portal;
an import-linter contract in pyproject.toml keeps it so.
"""
