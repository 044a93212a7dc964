"""Signing in and out, refreshing tokens, sessions, the current user."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.auth import account_routes, mfa_routes, oauth_routes  # noqa: F401
from ownverso.entrypoints.api.auth.blueprint import blp, login_body, tokens_body
from ownverso.entrypoints.api.auth.schemas import (
    LoginResponseSchema,
    LoginSchema,
    RefreshSchema,
    RevokedSchema,
    SessionSchema,
    TokensSchema,
)
from ownverso.entrypoints.api.common.schemas import MinimalUserSchema
from ownverso.entrypoints.api.common.smorest import actor, request_info
from ownverso.services.accounts import AccountService
from ownverso.services.identity.sessions import SessionService

__all__ = ["blp"]


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, LoginResponseSchema)
    @inject
    def post(self, body, sessions: SessionService = Provide["sessions"]):
        """Sign in with email and password (answers mfa_required when MFA is on)"""
        return login_body(sessions.login(**body, request=request_info()))


@blp.route("/refresh")
class Refresh(MethodView):
    @blp.arguments(RefreshSchema)
    @blp.response(200, TokensSchema)
    @inject
    def post(self, body, sessions: SessionService = Provide["sessions"]):
        """Trade a refresh token for new tokens (the refresh token rotates)"""
        user, tokens = sessions.refresh(refresh_token=body["refresh_token"],
                                        request=request_info())
        return tokens_body(tokens, user)


@blp.route("/logout")
class Logout(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def post(self, sessions: SessionService = Provide["sessions"]):
        """Sign out of this session"""
        sessions.logout(actor=actor())


@blp.route("/logout-all")
class LogoutAll(MethodView):
    @blp.login_required
    @blp.response(200, RevokedSchema)
    @inject
    def post(self, sessions: SessionService = Provide["sessions"]):
        """Sign out of every session, this one included"""
        return {"revoked": sessions.logout_all(actor=actor())}


@blp.route("/sessions")
class Sessions(MethodView):
    @blp.login_required
    @blp.response(200, SessionSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, pagination_parameters, sessions: SessionService = Provide["sessions"]):
        """Sessions still signed in, most recently active first"""
        me, page = actor(), pagination_parameters
        live, page.item_count = sessions.list_sessions(actor=me, offset=page.first_item,
                                                       limit=page.page_size)
        for session in live:
            session.current = session.id == me.session_id
        return live


@blp.route("/sessions/<session_id>")
class OneSession(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, session_id: str, sessions: SessionService = Provide["sessions"]):
        """Sign a session out"""
        sessions.revoke_session(actor=actor(), session_id=session_id)


@blp.route("/me")
class Me(MethodView):
    @blp.login_required
    @blp.response(200, MinimalUserSchema)
    @inject
    def get(self, accounts: AccountService = Provide["accounts"]):
        """The signed-in user, in brief"""
        return accounts.me(actor=actor())
