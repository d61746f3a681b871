"""The HTTP server (SPARQL endpoint, Linked Data pages): built by its own issue; only the package exists for now."""
