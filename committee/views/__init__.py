"""The committee's own pages, one module per feature: notices, meetings and follow-up tasks, training, member
units' duties and ratings, and a member unit's home. committee/urls.py imports each page from its module."""
