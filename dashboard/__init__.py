"""Overviews for each role: the home pages now, the party-office dashboards and downloads later."""
