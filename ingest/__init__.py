"""Ingest: French documents become triples, every fact tied to the sentence that states it."""
