"""Bodies, convocations, mandates and posts, sittings and attendance, and the
deputies' work the branch records: their staff pages."""
