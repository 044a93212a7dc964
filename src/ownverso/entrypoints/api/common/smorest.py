"""Project subclasses of flask-smorest's Api, Blueprint and Schema: the error body, bearer
authentication and its documentation, unknown fields refused, are set here once."""

from functools import wraps

import flask_smorest
import marshmallow as ma
from flask import g, request

from ownverso.entrypoints.api.common.errors import handle_http_exception
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import Unauthenticated


class Schema(ma.Schema):
    """Request bodies refuse unknown fields (marshmallow's RAISE)."""

    class Meta:
        unknown = ma.RAISE


class ErrorSchema(ma.Schema):
    code = ma.fields.Integer(metadata={"description": "HTTP status code"})
    status = ma.fields.String(metadata={"description": "HTTP status name"})
    error = ma.fields.String(metadata={"description": "Stable machine-readable error code"})
    message = ma.fields.String()
    errors = ma.fields.Dict(metadata={"description": "Fields at fault, by location"})
    request_id = ma.fields.String()


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        return handle_http_exception(error)

    def init_app(self, app, *, spec_kwargs=None):
        super().init_app(app, spec_kwargs=spec_kwargs)
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def request_info() -> RequestInfo:
    return RequestInfo(ip=request.remote_addr, user_agent=request.user_agent.string or None)


def actor() -> Actor:
    """The authenticated caller of this request (set by ``Blueprint.login_required``)."""
    return g.actor


def optional_actor() -> Actor | None:
    return g.get("actor")


class Blueprint(flask_smorest.Blueprint):
    def login_required(self, view):
        """Authenticate the bearer token before the view runs, and document it."""
        from ownverso.entrypoints.api.common.auth import authenticate

        @wraps(view)
        def wrapper(*args, **kwargs):
            token = bearer_token()
            if token is None:
                raise Unauthenticated("Sign in first: send 'Authorization: Bearer <token>'.",
                                      code="authentication_required")
            g.actor = authenticate(token)
            return view(*args, **kwargs)

        self._document_auth(wrapper)
        return wrapper

    def login_optional(self, view):
        """Authenticate when a bearer token is sent; anonymous callers are let through."""
        from ownverso.entrypoints.api.common.auth import authenticate

        @wraps(view)
        def wrapper(*args, **kwargs):
            token = bearer_token()
            g.actor = authenticate(token) if token else None
            return view(*args, **kwargs)

        self._document_auth(wrapper, optional=True)
        return wrapper

    def _document_auth(self, view, *, optional: bool = False) -> None:
        security = [{"bearerAuth": []}, {}] if optional else [{"bearerAuth": []}]
        self.doc(security=security)(view)
        if not optional:
            self.alt_response(401, schema=ErrorSchema, description="Not signed in")(view)
