"""Data package: the ontology and its SKOS schemes (Turtle), and the reference data they are built from."""
