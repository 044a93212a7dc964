"""Registration, email verification, passwords and email change."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.auth.blueprint import blp, tokens_body
from ownverso.entrypoints.api.auth.schemas import (
    ChangeEmailSchema,
    ChangePasswordSchema,
    EmailOnlySchema,
    OptionalEmailSchema,
    RegisterSchema,
    ResetPasswordSchema,
    TokenSchema,
    TokensSchema,
)
from ownverso.entrypoints.api.common.schemas import MessageSchema, MinimalUserSchema
from ownverso.entrypoints.api.common.smorest import actor, optional_actor, request_info
from ownverso.services.identity.email_change import EmailChangeService
from ownverso.services.identity.passwords import PasswordService
from ownverso.services.identity.registration import RegistrationService

SENT = "If an account matches, an email is on its way."


@blp.route("/register")
class Register(MethodView):
    @blp.arguments(RegisterSchema)
    @blp.response(201, MinimalUserSchema)
    @inject
    def post(self, body, registration: RegistrationService = Provide["registration"]):
        """Create an account; a verification email is sent"""
        return registration.register(**body, request=request_info())


@blp.route("/verify-email")
class VerifyEmail(MethodView):
    @blp.arguments(TokenSchema)
    @blp.response(200, MinimalUserSchema)
    @inject
    def post(self, body, registration: RegistrationService = Provide["registration"]):
        """Confirm the email address with the token from the email"""
        return registration.verify_email(token=body["token"], request=request_info())


@blp.route("/resend-verification")
class ResendVerification(MethodView):
    @blp.login_optional
    @blp.arguments(OptionalEmailSchema)
    @blp.response(202, MessageSchema)
    @inject
    def post(self, body, registration: RegistrationService = Provide["registration"]):
        """Send the verification email again (to the signed-in user, or to `email`)"""
        registration.resend_verification(email=body.get("email"), actor=optional_actor(),
                                         request=request_info())
        return {"message": SENT}


@blp.route("/forgot-password")
class ForgotPassword(MethodView):
    @blp.arguments(EmailOnlySchema)
    @blp.response(202, MessageSchema)
    @inject
    def post(self, body, passwords: PasswordService = Provide["passwords"]):
        """Email a password-reset link (same answer whether or not the account exists)"""
        passwords.forgot_password(email=body["email"], request=request_info())
        return {"message": SENT}


@blp.route("/reset-password")
class ResetPassword(MethodView):
    @blp.arguments(ResetPasswordSchema)
    @blp.response(200, MessageSchema)
    @inject
    def post(self, body, passwords: PasswordService = Provide["passwords"]):
        """Set a new password with the emailed token; every session is signed out"""
        passwords.reset_password(token=body["token"], new_password=body["password"],
                                 request=request_info())
        return {"message": "Your password has been reset. Sign in with the new one."}


@blp.route("/change-password")
class ChangePassword(MethodView):
    @blp.login_required
    @blp.arguments(ChangePasswordSchema)
    @blp.response(200, TokensSchema)
    @inject
    def post(self, body, passwords: PasswordService = Provide["passwords"]):
        """Change the password; all sessions end and this caller gets fresh tokens"""
        tokens = passwords.change_password(actor=actor(), request=request_info(), **body)
        return tokens_body(tokens, None)


@blp.route("/change-email")
class ChangeEmail(MethodView):
    @blp.login_required
    @blp.arguments(ChangeEmailSchema)
    @blp.response(202, MessageSchema)
    @inject
    def post(self, body, emails: EmailChangeService = Provide["email_change"]):
        """Ask to change the email address; the new address must confirm it"""
        emails.request_change(actor=actor(), request=request_info(), **body)
        return {"message": "Check the new address for a confirmation email."}


@blp.route("/verify-email-change")
class VerifyEmailChange(MethodView):
    @blp.login_required
    @blp.arguments(TokenSchema)
    @blp.response(200, MinimalUserSchema)
    @inject
    def post(self, body, emails: EmailChangeService = Provide["email_change"]):
        """Confirm the new email address with the token sent to it"""
        return emails.confirm_change(actor=actor(), token=body["token"], request=request_info())
