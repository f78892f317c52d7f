"""The portal's page-speed benchmark (`manage.py bench`, `make bench`), in a database of its own.

This package owns the whole benchmark; the management command only parses its options and calls `stages`.

- `stages`: how a run proceeds — the command sets up the bench database, then re-runs itself there per stage.
- `database`: the bench database's life (create, reuse, rebuild, clean; SQLite or PostgreSQL) and its mark.
- `dataset`: the generated data set — sizes, plans, schemes, colleges and users, reports with evidence,
  finalised assessments.
- `measure`: the table — the declared rows, timed in process through Django's test client, with query counts.
- `score_import`: the score-import row's generated sheet, read through `scoring.importer`.
- `load`: requests per second under gunicorn on loopback.

It sits in `dashboard`, the top app layer, because it reads and fills every app below it. See
docs/performance.md for the figures and how to read them.
"""
