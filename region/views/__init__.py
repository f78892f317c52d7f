"""The region's pages, one module per feature. Each finds its object among what the user may see (404), then
asks region.access whether the user may do what the page does (403); writes go through region.services.

urls.py imports the pages from their modules; nothing is re-exported here."""
