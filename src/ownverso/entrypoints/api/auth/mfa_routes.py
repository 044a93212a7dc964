"""TOTP two-factor authentication."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.auth.blueprint import blp, tokens_body
from ownverso.entrypoints.api.auth.mfa_schemas import (
    BackupCodesLeftSchema,
    BackupCodesSchema,
    ChallengeSchema,
    CodeSchema,
    ConfirmSchema,
    MfaSetupSchema,
)
from ownverso.entrypoints.api.auth.schemas import TokensSchema
from ownverso.entrypoints.api.common.smorest import actor, request_info
from ownverso.services.identity.mfa import MfaService


@blp.route("/mfa/enable")
class MfaEnable(MethodView):
    @blp.login_required
    @blp.response(200, MfaSetupSchema)
    @inject
    def post(self, mfa: MfaService = Provide["mfa"]):
        """Start MFA setup: the secret and its otpauth:// URI (show it as a QR code)"""
        return mfa.enable(actor=actor())


@blp.route("/mfa/verify")
class MfaVerify(MethodView):
    @blp.login_required
    @blp.arguments(CodeSchema)
    @blp.response(200, BackupCodesSchema)
    @inject
    def post(self, body, mfa: MfaService = Provide["mfa"]):
        """Finish setup with a first code; returns the backup codes (shown only now)"""
        return {"backup_codes": mfa.verify(actor=actor(), code=body["code"])}


@blp.route("/mfa/disable")
class MfaDisable(MethodView):
    @blp.login_required
    @blp.arguments(ConfirmSchema)
    @blp.response(204)
    @inject
    def post(self, body, mfa: MfaService = Provide["mfa"]):
        """Turn MFA off, confirmed by a current code or the password"""
        mfa.disable(actor=actor(), code=body.get("code"), password=body.get("password"))


@blp.route("/mfa/challenge")
class MfaChallenge(MethodView):
    @blp.arguments(ChallengeSchema)
    @blp.response(200, TokensSchema)
    @inject
    def post(self, body, mfa: MfaService = Provide["mfa"]):
        """Second step of sign-in: the mfa_token from /auth/login and a TOTP or backup code"""
        user, tokens = mfa.challenge(mfa_token=body["mfa_token"], code=body["code"],
                                     request=request_info())
        return tokens_body(tokens, user)


@blp.route("/mfa/backup-codes")
class MfaBackupCodes(MethodView):
    @blp.login_required
    @blp.response(200, BackupCodesLeftSchema)
    @inject
    def get(self, mfa: MfaService = Provide["mfa"]):
        """How many backup codes are left (they are stored hashed, so only their count)"""
        return {"remaining": mfa.backup_codes_left(actor=actor()),
                "message": "Backup codes are shown once; regenerate them to see new ones."}


@blp.route("/mfa/regenerate-backup")
class MfaRegenerateBackup(MethodView):
    @blp.login_required
    @blp.arguments(ConfirmSchema)
    @blp.response(200, BackupCodesSchema)
    @inject
    def post(self, body, mfa: MfaService = Provide["mfa"]):
        """Replace every backup code, confirmed by a current code or the password"""
        codes = mfa.regenerate_backup_codes(actor=actor(), code=body.get("code"),
                                            password=body.get("password"))
        return {"backup_codes": codes}
