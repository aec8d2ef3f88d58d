"""/scim/v2: Users, Groups and the discovery endpoints, for a directory's bearer token.

Outside the login guard and CSRF-exempt: these JSON endpoints take no cookies,
only an ``Authorization: Bearer`` SCIM token (created at /admin/scim-tokens).
Every write commits once on success and rolls back on any error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, g, json, request
from scim2_models import Context, Error, ListResponse, ResourceType, Schema

from lms.api import tokens
from lms.auth.access import public
from lms.db import get_session, utcnow
from lms.extensions import csrf
from lms.scim import operations as ops
from lms.scim.discovery import resource_types, schemas, service_provider_config
from lms.scim.errors import ScimError, not_found
from lms.scim.groupmap import parse_group_map
from lms.scim.resources import paging

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
csrf.exempt(bp)

F = TypeVar("F", bound=Callable[..., Any])
MEDIA_TYPE = "application/scim+json"
EXTENSION = "lms.scim.group_map"
KNOWN = {"Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas"}


def init_app(app: Flask) -> None:
    """Read LMS_SCIM_GROUP_MAP (a wrong one stops the start), add the routes."""
    text = str(app.config.get("LMS_SCIM_GROUP_MAP") or "")
    app.extensions[EXTENSION] = parse_group_map(text)
    app.register_blueprint(bp)


def _json(body: dict[str, Any] | None, status: int = 200) -> Response:
    response = Response(
        json.dumps(body) if body is not None else "",
        status=status,
        mimetype=MEDIA_TYPE if body is not None else None,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(status: int, detail: str, scim_type: str | None = None) -> Response:
    body = Error(status=status, detail=detail, scim_type=scim_type).model_dump()
    response = _json(body, status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="lms-scim"'
    return response


def _base_url() -> str:
    return request.host_url.rstrip("/") + (bp.url_prefix or "")


def _caller(search: Any = None) -> ops.Caller:
    asked = search if isinstance(search, dict) else request.args
    return ops.Caller(
        attributes=_text(asked.get("attributes")),
        excluded_attributes=_text(asked.get("excludedAttributes")),
        token=g.scim_token_name,
        secret=str(current_app.config["SECRET_KEY"]),
        base_url=_base_url(),
        group_map=current_app.extensions[EXTENSION],
        now=utcnow(),
    )


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value) if value else None


def scim_endpoint(view: F) -> F:
    """401 without a live SCIM token; SCIM errors as Error bodies; one commit."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        session = get_session()
        token = tokens.authenticate(
            session, request.headers.get("Authorization"), "scim"
        )
        if token is None:
            return _error(
                401, "Send a live SCIM token as Authorization: Bearer <token>."
            )
        tokens.touch(session, token, utcnow())
        g.scim_token_name = token.name
        try:
            response = view(*args, **kwargs)
        except ScimError as error:
            session.rollback()
            return _error(error.status, error.detail, error.scim_type)
        return response

    return public(wrapped)  # type: ignore[return-value]


def _body() -> Any:
    return request.get_json(force=True, silent=True)


def _search() -> dict[str, Any]:
    """A SearchRequest body (RFC 7644 §3.4.3), as a dict."""
    body = _body()
    if not isinstance(body, dict):
        raise ScimError(400, "The body is not a JSON object.", "invalidSyntax")
    return body


def _page() -> tuple[int, int]:
    return paging(request.args.get("startIndex"), request.args.get("count"))


@bp.route("/Users", methods=["GET"])
@scim_endpoint
def users() -> Response:
    start, count = _page()
    body = ops.list_users(
        get_session(), request.args.get("filter"), start, count, _caller()
    )
    return _json(body)


@bp.route("/Users/.search", methods=["POST"])
@scim_endpoint
def search_users() -> Response:
    search = _search()
    start, count = paging(_text(search.get("startIndex")), _text(search.get("count")))
    body = ops.list_users(
        get_session(), _text(search.get("filter")), start, count, _caller(search)
    )
    return _json(body)


@bp.route("/Users", methods=["POST"])
@scim_endpoint
def create_user() -> Response:
    body = ops.create_user(get_session(), _body(), _caller())
    response = _json(body, 201)
    response.headers["Location"] = body["meta"]["location"]
    return response


@bp.route("/Users/<scim_id>", methods=["GET"])
@scim_endpoint
def user(scim_id: str) -> Response:
    return _json(ops.get_user(get_session(), scim_id, _caller()))


@bp.route("/Users/<scim_id>", methods=["PUT"])
@scim_endpoint
def replace_user(scim_id: str) -> Response:
    return _json(ops.replace_user(get_session(), scim_id, _body(), _caller()))


@bp.route("/Users/<scim_id>", methods=["PATCH"])
@scim_endpoint
def patch_user(scim_id: str) -> Response:
    return _json(ops.patch_user(get_session(), scim_id, _body(), _caller()))


@bp.route("/Users/<scim_id>", methods=["DELETE"])
@scim_endpoint
def delete_user(scim_id: str) -> Response:
    ops.delete_user(get_session(), scim_id, _caller())
    return _json(None, 204)


@bp.route("/Groups", methods=["GET"])
@scim_endpoint
def groups() -> Response:
    start, count = _page()
    body = ops.list_all_groups(
        get_session(), request.args.get("filter"), start, count, _caller()
    )
    return _json(body)


@bp.route("/Groups/.search", methods=["POST"])
@scim_endpoint
def search_groups() -> Response:
    search = _search()
    start, count = paging(_text(search.get("startIndex")), _text(search.get("count")))
    body = ops.list_all_groups(
        get_session(), _text(search.get("filter")), start, count, _caller(search)
    )
    return _json(body)


@bp.route("/Groups", methods=["POST"])
@scim_endpoint
def create_group() -> Response:
    body = ops.create_group(get_session(), _body(), _caller())
    response = _json(body, 201)
    response.headers["Location"] = body["meta"]["location"]
    return response


@bp.route("/Groups/<public_id>", methods=["GET"])
@scim_endpoint
def group(public_id: str) -> Response:
    return _json(ops.get_group(get_session(), public_id, _caller()))


@bp.route("/Groups/<public_id>", methods=["PUT"])
@scim_endpoint
def replace_group(public_id: str) -> Response:
    return _json(ops.replace_group(get_session(), public_id, _body(), _caller()))


@bp.route("/Groups/<public_id>", methods=["PATCH"])
@scim_endpoint
def patch_group(public_id: str) -> Response:
    return _json(ops.patch_group(get_session(), public_id, _body(), _caller()))


@bp.route("/Groups/<public_id>", methods=["DELETE"])
@scim_endpoint
def delete_group(public_id: str) -> Response:
    ops.delete_group(get_session(), public_id, _caller())
    return _json(None, 204)


@bp.route("/.search", methods=["POST"])
@scim_endpoint
def search_everything() -> Response:
    raise ScimError(501, "Search /Users/.search or /Groups/.search instead.")


@bp.route("/<path:unknown>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@scim_endpoint
def unknown_path(unknown: str) -> Response:
    if unknown.split("/")[0] in KNOWN:
        raise ScimError(405, f"{request.method} is not allowed here.")
    raise not_found("Resource")


def _listed(items: list[Any], model: Any) -> Response:
    body = ListResponse[model](
        total_results=len(items),
        start_index=1,
        items_per_page=len(items),
        resources=items,
    ).model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return _json(body)


def _one(items: list[Any], wanted: str, what: str) -> Response:
    for item in items:
        if item.id == wanted:
            return _json(item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    raise not_found(what)


@bp.route("/ServiceProviderConfig", methods=["GET"])
@scim_endpoint
def config() -> Response:
    body = service_provider_config(_base_url()).model_dump(
        scim_ctx=Context.RESOURCE_QUERY_RESPONSE
    )
    return _json(body)


@bp.route("/ResourceTypes", methods=["GET"])
@scim_endpoint
def all_resource_types() -> Response:
    return _listed(resource_types(_base_url()), ResourceType)


@bp.route("/ResourceTypes/<name>", methods=["GET"])
@scim_endpoint
def one_resource_type(name: str) -> Response:
    return _one(resource_types(_base_url()), name, "ResourceType")


@bp.route("/Schemas", methods=["GET"])
@scim_endpoint
def all_schemas() -> Response:
    return _listed(schemas(_base_url()), Schema)


@bp.route("/Schemas/<schema_id>", methods=["GET"])
@scim_endpoint
def one_schema(schema_id: str) -> Response:
    return _one(schemas(_base_url()), schema_id, "Schema")
