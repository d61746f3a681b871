"""The cache of whole answers: the same bytes again, a miss on a new build, never a cut or failed answer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from enfance_kg.errors import InputError, StoreError
from server.app import create_app
from server.cache import AnswerCache, CachedAnswers, Entry
from server.config import ServerConfig, cache_bytes

HEAVY = "/queries/fundings"
ALL_FUNDINGS = "/sparql?query=" + "SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"


def test_a_repeated_request_gets_the_same_bytes_from_the_cache(client: TestClient) -> None:
    asked = {"accept": "text/csv", "origin": "https://example.org"}
    first = client.get(HEAVY, params={"department": "92"}, headers=asked)
    again = client.get(HEAVY, params={"department": "92"}, headers=asked)
    assert first.status_code == again.status_code == 200
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
    assert again.content == first.content and first.content.count(b"\n") > 1
    for header in ("content-type", "etag", "content-disposition", "access-control-allow-origin"):
        assert again.headers[header] == first.headers[header]
    held = client.get("/healthz").json()["cache"]
    assert held["hits"] >= 1 and 0 < held["bytes"] <= held["budget"]


def test_the_format_and_the_parameters_are_part_of_the_key(client: TestClient) -> None:
    csv = client.get(HEAVY, params={"department": "77"}, headers={"accept": "text/csv"})
    json_ = client.get(HEAVY, params={"department": "77"}, headers={"accept": "application/sparql-results+json"})
    other = client.get(HEAVY, params={"department": "93"}, headers={"accept": "text/csv"})
    assert json_.headers["x-cache"] == "miss" and json_.headers["content-type"] != csv.headers["content-type"]
    assert other.headers["x-cache"] == "miss"


def test_a_conditional_request_still_gets_304_on_a_hit(client: TestClient) -> None:
    first = client.get("/id/departement/77", headers={"accept": "text/turtle"})
    again = client.get("/id/departement/77", headers={"accept": "text/turtle", "if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_an_answer_cut_at_the_row_limit_is_never_cached(seed_config: ServerConfig, seed_runner) -> None:
    with TestClient(create_app(replace(seed_config, max_rows=2), runner=seed_runner)) as small:
        answers = [small.get(ALL_FUNDINGS, headers={"accept": "text/csv"}) for _ in range(2)]
    assert [a.headers["x-row-limit"] for a in answers] == ["2", "2"]
    assert [a.headers["x-cache"] for a in answers] == ["miss", "miss"]


def test_with_the_cache_off_no_answer_says_hit(seed_config: ServerConfig, seed_runner) -> None:
    with TestClient(create_app(replace(seed_config, cache_bytes=0), runner=seed_runner)) as uncached:
        answers = [uncached.get(HEAVY, params={"department": "92"}) for _ in range(2)]
    assert all(a.status_code == 200 and "x-cache" not in a.headers for a in answers)


# ------------------------------------------------------------------ the middleware alone


@dataclass
class _Build:
    id: str


class _Served:
    """A tiny app behind the cache: counts the requests that reach it, answers what the path says."""

    def __init__(self, budget: int = 10_000) -> None:
        self.calls = 0
        self.build = _Build("b1")
        self.cache = AnswerCache(budget)
        inner = Starlette(routes=[Route("/sparql", self.answer)])
        self.client = TestClient(CachedAnswers(inner, self.cache, lambda: self.current()))

    def current(self) -> _Build:
        if self.build.id == "none":
            raise StoreError("no store yet")
        return self.build

    async def answer(self, request: Request) -> PlainTextResponse:
        self.calls += 1
        await asyncio.sleep(float(request.query_params.get("sleep", "0")))
        status = int(request.query_params.get("status", "200"))
        size = int(request.query_params.get("size", "3"))
        return PlainTextResponse(f"{self.build.id}:" + "x" * size, status_code=status)


def test_a_new_build_misses_and_empties_the_old_answers() -> None:
    served = _Served()
    assert served.client.get("/sparql?query=1").headers["x-cache"] == "miss"
    assert served.client.get("/sparql?query=1").headers["x-cache"] == "hit"
    served.build = _Build("b2")
    answer = served.client.get("/sparql?query=1")
    assert (answer.headers["x-cache"], answer.text, served.calls, len(served.cache)) == ("miss", "b2:xxx", 2, 1)


@pytest.mark.parametrize("status", [503, 400, 500])
def test_a_stopped_or_failed_answer_is_never_cached(status: int) -> None:
    served = _Served()
    for _ in range(2):
        assert served.client.get(f"/sparql?status={status}").headers["x-cache"] == "miss"
    assert served.calls == 2 and len(served.cache) == 0


def test_the_cache_is_bounded_by_bytes_least_recently_used_first() -> None:
    served = _Served(budget=4_000)  # one answer at most budget/8 = 500 bytes
    for n in range(12):
        served.client.get(f"/sparql?size=100&n={n}")
    assert served.cache.used <= 4_000 and 0 < len(served.cache) < 12
    assert served.client.get("/sparql?size=100&n=11").headers["x-cache"] == "hit"
    assert served.client.get("/sparql?size=100&n=0").headers["x-cache"] == "miss"
    served.client.get("/sparql?size=2000")
    assert served.client.get("/sparql?size=2000").headers["x-cache"] == "miss"  # larger than one answer may be


def test_without_a_build_requests_go_through_uncached() -> None:
    served = _Served()
    served.build = _Build("none")
    answers = [served.client.get("/sparql") for _ in range(2)]
    assert served.calls == 2 and all("x-cache" not in a.headers for a in answers)


def test_the_size_comes_from_the_environment_and_a_bad_one_is_named() -> None:
    assert ServerConfig.from_settings(env={"ENFANCE_KG_CACHE_MIB": "0"}).cache_bytes == 0
    assert ServerConfig.from_settings(env={}, cache_bytes=5).cache_bytes == 5
    with pytest.raises(InputError, match=r"ENFANCE_KG_CACHE_MIB.*'lots'"):
        cache_bytes("lots")
    assert Entry(200, (), b"").size > 0


def test_a_burst_of_the_same_request_runs_it_once() -> None:
    served = _Served()
    app = served.client.app

    async def burst(path: str) -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            return list(await asyncio.gather(*(http.get(path) for _ in range(5))))

    answers = asyncio.run(burst("/sparql?sleep=0.2"))
    assert served.calls == 1 and {a.text for a in answers} == {"b1:xxx"}
    assert sorted(a.headers["x-cache"] for a in answers) == ["hit"] * 4 + ["miss"]
    failed = asyncio.run(burst("/sparql?sleep=0.2&status=503"))  # not kept: each waiting request runs it
    assert served.calls == 6 and all(a.status_code == 503 for a in failed)
