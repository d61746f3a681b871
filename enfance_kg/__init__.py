"""enfance-kg: a knowledge graph of the French child-protection strategy 2020-2022."""
