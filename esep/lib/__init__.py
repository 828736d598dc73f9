"""Small, framework-light helpers shared by esep's apps."""
