"""primaries pages."""
