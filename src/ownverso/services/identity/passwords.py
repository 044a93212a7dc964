"""Forgotten, reset and changed passwords."""

from ownverso.domain.errors import DomainError
from ownverso.domain.identity.user import normalize_email
from ownverso.domain.identity.values import TokenType
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import Unauthenticated, ValidationFailed
from ownverso.services.identity.kit import IdentityKit, TokenPair

MIN_LENGTH, MAX_LENGTH = 8, 128


def check_password_strength(password: str, *, email: str = "", username: str = "",
                            field: str = "password") -> None:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if len(set(password)) < 4:
        problems.append("Use more different characters.")
    lowered = password.lower()
    if (email and lowered == email.lower()) or (username and lowered == username.lower()) \
            or (email and lowered == email.partition("@")[0].lower()):
        problems.append("The password must not be your email or username.")
    if problems:
        raise ValidationFailed("The password is too weak.", code="weak_password",
                               fields={field: problems})


class PasswordService:
    def __init__(self, kit: IdentityKit):
        self.kit = kit

    def forgot_password(self, *, email: str, request: RequestInfo) -> None:
        """Always answers the same; only a known, usable account gets an email."""
        email = normalize_email(email)
        self.kit.throttle(f"forgot:{email}", limit=3, window=3600)
        self.kit.throttle(f"forgot:ip:{request.ip}", limit=20, window=3600)
        with self.kit.uow() as uow:
            user = uow.users.get_by(email=email)
            if user is None or not user.is_active:
                return
            token = self.kit.issue_token(uow, user, TokenType.PASSWORD_RESET, request=request)
            self.kit.emails.send_after_commit(
                uow, to=user.email, template="reset_password", name=user.display_name,
                token=token, link=self.kit.emails.link("reset-password", token))
            uow.commit()

    def reset_password(self, *, token: str, new_password: str, request: RequestInfo) -> None:
        """Sets the password, unlocks the account and signs every session out."""
        with self.kit.uow() as uow:
            found = self.kit.find_token(uow, token, TokenType.PASSWORD_RESET)
            if found is None:
                raise ValidationFailed("This link or code is invalid or has expired.",
                                       code="token_invalid", fields={"token": ["Invalid."]})
            user = uow.users.get(found.user_id)
            check_password_strength(new_password, email=user.email, username=user.username)
            try:
                found.use(now=self.kit.now(), ip=request.ip)
            except DomainError as error:
                raise ValidationFailed(error.message, code=error.code,
                                       fields={"token": ["Invalid or expired."]}) from None
            user.password_hash = self.kit.hasher.hash(new_password)
            user.failed_login_count, user.locked_until = 0, None
            if not user.email_verified:
                user.verify_email(now=self.kit.now())  # the reset link proved the address
            self.kit.revoke_sessions(uow, user.id, "password_reset")
            self.kit.emails.send_after_commit(uow, to=user.email, template="password_changed",
                                              name=user.display_name)
            uow.commit()
        self.kit.limiter.reset(f"login:account:{user.email}")

    def change_password(self, *, actor: Actor, current_password: str, new_password: str,
                        request: RequestInfo) -> TokenPair:
        """Ends every session, the caller's too (its access token fails on the next request),
        and opens a fresh one for the caller, whose new tokens are returned."""
        self.kit.throttle(f"change-password:{actor.user_id}", limit=10, window=3600)
        with self.kit.uow() as uow:
            user = uow.users.get(actor.user_id)
            if not user.password_hash or not self.kit.hasher.verify(user.password_hash,
                                                                    current_password):
                raise Unauthenticated("The current password is incorrect.",
                                      code="invalid_password",
                                      fields={"current_password": ["Incorrect password."]})
            check_password_strength(new_password, email=user.email, username=user.username,
                                    field="new_password")
            user.password_hash = self.kit.hasher.hash(new_password)
            user.updated_at = self.kit.now()
            self.kit.revoke_sessions(uow, user.id, "password_changed")
            tokens = self.kit.open_session(uow, user, request)
            self.kit.emails.send_after_commit(uow, to=user.email, template="password_changed",
                                              name=user.display_name)
            uow.commit()
            return tokens
