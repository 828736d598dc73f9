"""esep: an open platform for a representative body's accountability to citizens."""
