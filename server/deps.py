"""Dependencies of the routes, as ``Annotated`` aliases that tests may override."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from enfance_kg.backend import QueryService
from server.config import ServerConfig
from server.graph import GraphView


def get_config(request: Request) -> ServerConfig:
    return request.app.state.config


def get_runner(request: Request) -> QueryService:
    return request.app.state.runner


def get_view(request: Request) -> GraphView:
    return request.app.state.view


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


ConfigDep = Annotated[ServerConfig, Depends(get_config)]
RunnerDep = Annotated[QueryService, Depends(get_runner)]
ViewDep = Annotated[GraphView, Depends(get_view)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
