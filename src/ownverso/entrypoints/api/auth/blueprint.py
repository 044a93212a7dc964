from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.services.identity.kit import TokenPair
from ownverso.services.identity.sessions import LoginResult

blp = Blueprint("auth", __name__, url_prefix="/auth",
                description="Sign-up, sign-in, sessions, passwords, email and MFA")


def tokens_body(tokens: TokenPair, user) -> dict:
    return {"access_token": tokens.access_token, "refresh_token": tokens.refresh_token,
            "token_type": tokens.token_type, "expires_in": tokens.expires_in,
            "session_id": tokens.session_id, "user": user}


def login_body(result: LoginResult) -> dict:
    if result.mfa_required:
        return {"mfa_required": True, "mfa_token": result.mfa_token}
    return {"mfa_required": False, **tokens_body(result.tokens, result.user)}
