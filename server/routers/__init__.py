"""The server's routers, one per concern: sparql, pages, queries, data, validate."""
