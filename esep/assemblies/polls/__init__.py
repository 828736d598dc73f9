"""polls pages."""
