"""Data package: the SHACL shapes (Turtle)."""
