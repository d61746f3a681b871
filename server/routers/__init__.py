"""The server's routers, one per concern: sparql, pages, queries, data (and validate, to come)."""
