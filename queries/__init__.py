"""Data package: the saved SPARQL queries, one ``.rq`` file per question."""
