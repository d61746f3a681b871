"""``create_app(config)``: the FastAPI application, its routers, middleware and error handlers.

The store is never opened here: queries go to a :class:`~enfance_kg.runner.QueryRunner` started in
the lifespan (worker processes, each with the store open read-only), so a query can be stopped at
the time limit while the other requests are answered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from enfance_kg.backend import QueryService, open_target
from enfance_kg.iris import Iris
from server import hygiene, problems
from server.cache import AnswerCache, CachedAnswers
from server.config import ServerConfig
from server.graph import GraphView, curie, format_number
from server.routers import data, pages, queries, sparql, validate

DESCRIPTION = """A knowledge graph of France's national strategy for the prevention and protection of children
(2020-2022), built from the documents that report on it. Every fact points at the exact sentence it comes from.

* `/sparql`: SPARQL 1.1 Protocol (read-only; a time limit and a row limit apply)
* `/queries/{name}`: the saved queries, one operation each, in every result format
* `/id/…`, `/graph/…`, `/ontology`: Linked Data, HTML or RDF by content negotiation
* `/dump.nq.gz`, `/dump.trig.gz`, `/.well-known/void`: the whole dataset and its description
* `POST /validate`: SHACL validation of your RDF against the shapes (JSON, Turtle or HTML report)
"""


def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("server", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["curie"] = curie
    env.filters["number"] = format_number
    return Jinja2Templates(env=env)


def create_app(config: ServerConfig | None = None, *, runner: QueryService | None = None) -> FastAPI:
    """The application for ``config`` (the environment's settings when ``None``).

    ``runner`` replaces the pool of query workers the lifespan would start (tests share one).
    """
    config = config or ServerConfig.from_settings()
    own_runner = runner is None
    # the embedded store's query processes, or the remote engine (queries proxied with the same limits)
    pool = runner or open_target(config.endpoint or config.store, iris=Iris(config.base)).service(
        workers=config.workers, timeout=config.timeout, base=config.base, start_method=config.start_method,
        in_memory=config.in_memory, cache_budget=0 if config.cache_bytes <= 0 else None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if own_runner:
            pool.warm()
        try:
            yield
        finally:
            if own_runner:
                pool.close()

    app = FastAPI(title="enfance-kg", version=hygiene._version(), description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.config = config
    app.state.runner = pool
    app.state.view = GraphView(pool, config.base, page_size=config.page_size)
    app.state.templates = _templates()
    problems.install(app)
    for router in (sparql.router, data.router, queries.router, pages.router, validate.router):
        app.include_router(router)
    queries.add_saved_query_routes(app)
    app.mount("/static", StaticFiles(packages=[("server", "static")]), name="static")
    # outermost last: CORS on every answer, errors included; then the security headers; then the limits
    if config.cache_bytes > 0:  # innermost: a hit goes out through the ETag, security and CORS layers too
        app.state.cache = AnswerCache(config.cache_bytes)
        app.add_middleware(CachedAnswers, cache=app.state.cache, build=pool.version)
    app.add_middleware(hygiene.ConditionalGet, build=pool.version)
    app.add_middleware(hygiene.BodyLimit, max_body=config.max_body)
    app.add_middleware(hygiene.SecurityHeaders)
    app.add_middleware(hygiene.HeadAsGet)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=["ETag", "Last-Modified", "X-Row-Limit", "Retry-After",
                                                            "Content-Disposition", "X-Cache"])
    return app
