"""The HTTP server: a SPARQL 1.1 endpoint, Linked Data pages with their quotes, the saved queries as
a web API, and a query page. :func:`server.app.create_app` builds it; ``enfance-kg serve`` runs it."""
