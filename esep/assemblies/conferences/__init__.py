"""conferences pages."""
