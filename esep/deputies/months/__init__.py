"""A deputy's month, the corrections queue, the rating's months and their
publication, the methodology: their staff pages."""
