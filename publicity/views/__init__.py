"""The portal's publicity pages, one module per feature: news items (news), public notices (notices), lecturer
group talks (talks), award nominations (awards) and the year's archive (archive). The public site itself is in
publicity/public_views.py; urls.py imports each page from its module."""
