"""Data package: the SPARQL queries behind the server's pages (not part of the public catalogue)."""
