"""The ground floor: pieces every app needs and that know no app.

The figures cache generation (`cache`), sending tasks after commit (`background`), typed environment readers
(`env`), the shared form page and base form (`views`, `forms`), the registry of target metrics (`metrics`),
spreadsheet and CSV cells written as inert text (`xlsx`), and the one store for uploaded files (`files`). Nothing here imports an app of the portal;
an import-linter contract in pyproject.toml keeps it so.
"""
