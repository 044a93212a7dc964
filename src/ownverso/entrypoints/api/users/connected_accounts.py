"""External accounts (Google, Apple, Twitter) connected to the signed-in user."""

from dependency_injector.wiring import Provide, inject
from flask import jsonify, make_response
from flask.views import MethodView

from ownverso.entrypoints.api.auth.mfa_schemas import (
    AuthorizationSchema,
    ConnectedAccountSchema,
    ConnectSchema,
)
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.users.routes import blp
from ownverso.services.identity.oauth import OAuthService


@blp.route("/me/connected-accounts")
class ConnectedAccounts(MethodView):
    @blp.login_required
    @blp.response(200, ConnectedAccountSchema(many=True))
    @inject
    def get(self, oauth: OAuthService = Provide["oauth"]):
        """Accounts the user can also sign in with"""
        return oauth.connected_accounts(actor=actor())


@blp.route("/me/connected-accounts/<provider>")
class ConnectedAccount(MethodView):
    @blp.login_required
    @blp.arguments(ConnectSchema)
    @blp.response(201, ConnectedAccountSchema)
    @blp.alt_response(202, schema=AuthorizationSchema,
                      description="Only redirect_uri sent: where to send the user to authorize")
    @inject
    def post(self, body, provider: str, oauth: OAuthService = Provide["oauth"]):
        """Connect an account with an ID token or a PKCE code, or start the redirect flow"""
        if set(body) == {"redirect_uri"}:
            url, state = oauth.start_authorization(provider_name=provider,
                                                   redirect_uri=body["redirect_uri"],
                                                   link_user_id=actor().user_id)
            body = AuthorizationSchema().dump({"authorization_url": url, "state": state})
            return make_response(jsonify(body), 202)
        return oauth.connect(actor=actor(), provider_name=provider, **body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, provider: str, oauth: OAuthService = Provide["oauth"]):
        """Disconnect it (refused if it is the only way left to sign in)"""
        oauth.disconnect(actor=actor(), provider_name=provider)
