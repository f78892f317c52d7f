"""The surveys' services, by feature: answering (the public page's one write); design and results beside it."""
