"""Sign-in with Google, Apple (ID tokens) and Twitter (OAuth 2 with PKCE)."""

from dependency_injector.wiring import Provide, inject
from flask import jsonify, make_response
from flask.views import MethodView

from ownverso.domain.identity.auth_account import AuthAccount
from ownverso.entrypoints.api.auth.blueprint import blp, login_body
from ownverso.entrypoints.api.auth.mfa_schemas import (
    AuthorizationSchema,
    CallbackQuerySchema,
    CodeLoginSchema,
    ConnectedAccountSchema,
    IdTokenLoginSchema,
)
from ownverso.entrypoints.api.auth.schemas import LoginResponseSchema
from ownverso.entrypoints.api.common.smorest import request_info
from ownverso.services.identity.oauth import OAuthService


def _id_token_login(provider: str, body: dict, oauth: OAuthService) -> dict:
    kind, identity = oauth.identity_from(provider, id_token=body["id_token"],
                                         nonce=body.get("nonce"))
    return login_body(oauth.sign_in(kind, identity, request=request_info(),
                                    display_name=body.get("display_name")))


@blp.route("/login/google")
class GoogleLogin(MethodView):
    @blp.arguments(IdTokenLoginSchema)
    @blp.response(200, LoginResponseSchema)
    @inject
    def post(self, body, oauth: OAuthService = Provide["oauth"]):
        """Sign in with a Google ID token"""
        return _id_token_login("google", body, oauth)


@blp.route("/login/apple")
class AppleLogin(MethodView):
    @blp.arguments(IdTokenLoginSchema)
    @blp.response(200, LoginResponseSchema)
    @inject
    def post(self, body, oauth: OAuthService = Provide["oauth"]):
        """Sign in with an Apple ID token"""
        return _id_token_login("apple", body, oauth)


@blp.route("/login/twitter")
class TwitterLogin(MethodView):
    @blp.arguments(CodeLoginSchema)
    @blp.response(200, LoginResponseSchema)
    @blp.alt_response(202, schema=AuthorizationSchema,
                      description="No code sent: where to send the user to authorize")
    @inject
    def post(self, body, oauth: OAuthService = Provide["oauth"]):
        """Sign in with a Twitter PKCE code, or start the redirect flow when no code is sent"""
        if not body.get("code"):
            url, state = oauth.start_authorization(provider_name="twitter",
                                                   redirect_uri=body["redirect_uri"])
            body = AuthorizationSchema().dump({"authorization_url": url, "state": state})
            return make_response(jsonify(body), 202)
        kind, identity = oauth.identity_from(
            "twitter", code=body["code"], code_verifier=body.get("code_verifier"),
            redirect_uri=body["redirect_uri"])
        return login_body(oauth.sign_in(kind, identity, request=request_info(),
                                        email=body.get("email")))


@blp.route("/oauth/<provider>/callback")
class OAuthCallback(MethodView):
    @blp.arguments(CallbackQuerySchema, location="query")
    @blp.response(200, LoginResponseSchema)
    @inject
    def get(self, query, provider: str, oauth: OAuthService = Provide["oauth"]):
        """Where the provider sends the user back; finishes the sign-in started here"""
        result = oauth.finish_authorization(provider_name=provider, code=query["code"],
                                            state=query["state"], request=request_info())
        if isinstance(result, AuthAccount):
            return jsonify(ConnectedAccountSchema().dump(result))
        return login_body(result)
