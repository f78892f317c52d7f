"""Activity reports: the kinds of activity, each report's content and members, its review workflow
(`workflow`), every write to it (`services`), its evidence files, and the exports of report lists."""
