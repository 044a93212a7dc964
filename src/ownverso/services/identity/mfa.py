"""TOTP two-factor authentication with single-use backup codes."""

import hmac
import secrets
from dataclasses import dataclass

import pyotp

from ownverso.domain.errors import DomainError
from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import TokenType
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import (
    Conflict,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)
from ownverso.services.identity.kit import IdentityKit, TokenPair
from ownverso.services.identity.secrets import hash_token

ISSUER_NAME = "Ownverso"
BACKUP_CODES = 10
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class MfaSetup:
    secret: str
    otpauth_uri: str


def new_backup_codes() -> list[str]:
    return ["".join(secrets.choice(BACKUP_ALPHABET) for _ in range(10))
            for _ in range(BACKUP_CODES)]


def normalize_code(code: str) -> str:
    return code.replace("-", "").replace(" ", "").strip().lower()


def invalid_code() -> Unauthenticated:
    return Unauthenticated("The code is incorrect.", code="invalid_mfa_code",
                           fields={"code": ["Incorrect or already used code."]})


class MfaService:
    def __init__(self, kit: IdentityKit):
        self.kit = kit

    # -- checking codes ---------------------------------------------------------------
    def _totp_step(self, user: User, code: str) -> int | None:
        """The time step a TOTP code belongs to (±1 step of drift), if it is valid and newer
        than the last one accepted: a code works once."""
        if not user.mfa_secret or not code.isdigit():
            return None
        totp = pyotp.TOTP(self.kit.secret_box.decrypt(user.mfa_secret))
        now = self.kit.now()
        current = totp.timecode(now)
        for step in (current - 1, current, current + 1):
            if hmac.compare_digest(totp.generate_otp(step), code):
                return step if step > (user.mfa_last_step or -1) else None
        return None

    def _accept(self, user: User, code: str, *, allow_backup: bool = True) -> bool:
        code = normalize_code(code)
        step = self._totp_step(user, code)
        if step is not None:
            user.mfa_last_step = step
            return True
        hashed = hash_token(code)
        if allow_backup and hashed in user.mfa_backup_codes:
            user.mfa_backup_codes = [h for h in user.mfa_backup_codes if h != hashed]
            return True
        return False

    # -- setup --------------------------------------------------------------------------
    def enable(self, *, actor: Actor) -> MfaSetup:
        """Start setup: a new secret, confirmed by ``verify`` with a first code."""
        with self.kit.uow() as uow:
            user = uow.users.get(actor.user_id)
            if user.mfa_enabled:
                raise Conflict("Two-factor authentication is already on.",
                               code="mfa_already_enabled")
            secret = pyotp.random_base32()
            user.mfa_secret = self.kit.secret_box.encrypt(secret)
            user.mfa_last_step = None
            uow.commit()
        uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER_NAME)
        return MfaSetup(secret=secret, otpauth_uri=uri)

    def verify(self, *, actor: Actor, code: str) -> list[str]:
        """Confirm setup with a first code; returns the backup codes, shown only now."""
        self.kit.throttle(f"mfa-verify:{actor.user_id}", limit=10, window=900)
        with self.kit.uow() as uow:
            user = uow.users.get(actor.user_id)
            if user.mfa_enabled:
                raise Conflict("Two-factor authentication is already on.",
                               code="mfa_already_enabled")
            if not user.mfa_secret:
                raise Conflict("Start with /auth/mfa/enable.", code="mfa_not_started")
            if not self._accept(user, code, allow_backup=False):
                raise invalid_code()
            user.mfa_enabled = True
            codes = new_backup_codes()
            user.mfa_backup_codes = [hash_token(c) for c in codes]
            self._notify(uow, user, "enabled")
            uow.commit()
            return codes

    def disable(self, *, actor: Actor, code: str | None, password: str | None) -> None:
        with self.kit.uow() as uow:
            user = self._confirmed_user(uow, actor, code=code, password=password)
            user.mfa_enabled, user.mfa_secret, user.mfa_backup_codes = False, None, []
            user.mfa_last_step = None
            self._notify(uow, user, "disabled")
            uow.commit()

    def backup_codes_left(self, *, actor: Actor) -> int:
        with self.kit.uow() as uow:
            user = uow.users.get(actor.user_id)
            if not user.mfa_enabled:
                raise Conflict("Two-factor authentication is off.", code="mfa_not_enabled")
            return len(user.mfa_backup_codes)

    def regenerate_backup_codes(self, *, actor: Actor, code: str | None,
                                password: str | None) -> list[str]:
        with self.kit.uow() as uow:
            user = self._confirmed_user(uow, actor, code=code, password=password)
            codes = new_backup_codes()
            user.mfa_backup_codes = [hash_token(c) for c in codes]
            uow.commit()
            return codes

    def _confirmed_user(self, uow, actor: Actor, *, code: str | None,
                        password: str | None) -> User:
        """The caller, after proving it again with a current code or the password."""
        self.kit.throttle(f"mfa-confirm:{actor.user_id}", limit=10, window=900)
        user = uow.users.get(actor.user_id)
        if not user.mfa_enabled:
            raise Conflict("Two-factor authentication is off.", code="mfa_not_enabled")
        if code:
            if not self._accept(user, code):
                raise invalid_code()
        elif password:
            if not user.password_hash or not self.kit.hasher.verify(user.password_hash,
                                                                    password):
                raise Unauthenticated("The password is incorrect.", code="invalid_password",
                                      fields={"password": ["Incorrect password."]})
        else:
            raise ValidationFailed("Give a current code or your password.",
                                   code="confirmation_required",
                                   fields={"code": ["Required without password."]})
        return user

    def _notify(self, uow, user: User, state: str) -> None:
        self.kit.emails.send_after_commit(uow, to=user.email, template="mfa_changed",
                                          name=user.display_name, state=state)

    # -- login ----------------------------------------------------------------------------
    def challenge(self, *, mfa_token: str, code: str, request: RequestInfo) -> tuple[User,
                                                                                   TokenPair]:
        """Second step of a login: the token from /auth/login plus a TOTP or backup code."""
        self.kit.throttle(f"mfa-challenge:{hash_token(mfa_token)}", limit=5, window=300,
                          code="too_many_mfa_attempts")
        with self.kit.uow() as uow:
            found = self.kit.find_token(uow, mfa_token, TokenType.MFA_LOGIN)
            if found is None or found.is_used or found.expires_at <= self.kit.now():
                raise Unauthenticated("The login has expired; sign in again.",
                                      code="invalid_mfa_token")
            user = uow.users.get(found.user_id)
            # per user too: fresh mfa_tokens from new password logins must not reset the count
            self.kit.throttle(f"mfa-challenge-user:{user.id}", limit=10, window=900,
                              code="too_many_mfa_attempts")
            if not self._accept(user, code):
                raise invalid_code()
            try:  # suspended or banned since the first step
                user.ensure_may_log_in()
            except DomainError as error:
                raise PermissionDenied(error.message, code=error.code) from None
            try:
                found.use(now=self.kit.now(), ip=request.ip)
            except DomainError:
                raise Unauthenticated("The login has expired; sign in again.",
                                      code="invalid_mfa_token") from None
            tokens = self.kit.open_session(uow, user, request)
            uow.commit()
            return user, tokens
