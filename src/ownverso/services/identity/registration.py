"""Signing up, confirming the email address, asking for the confirmation again."""

from ownverso.domain.errors import DomainError
from ownverso.domain.identity.user import User, check_username, normalize_email
from ownverso.domain.identity.values import TokenType, UserStatus
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import Conflict, ValidationFailed
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.identity.passwords import check_password_strength
from ownverso.services.ports import IntegrityConflict


def validation_error(error: DomainError) -> ValidationFailed:
    return ValidationFailed(error.message, code=error.code, fields=error.fields)


class RegistrationService:
    def __init__(self, kit: IdentityKit, referrals=None):
        self.kit = kit
        self.referrals = referrals  # a ReferralService: applies a code given at sign-up

    def register(self, *, email: str, password: str, username: str, display_name: str,
                 request: RequestInfo, referral: dict | None = None) -> User:
        """``referral``: ``code`` and optional ``click_id``, ``landing_page``, ``utm_*``,
        ``referrer_url``; applied in this unit of work, and ignored (logged) when it cannot be,
        so a bad code never blocks signing up."""
        self.kit.throttle(f"register:ip:{request.ip}", limit=20, window=3600)
        email = normalize_email(email)
        try:
            username = check_username(username)
        except DomainError as error:
            raise validation_error(error) from None
        check_password_strength(password, email=email, username=username)
        display_name = display_name.strip()
        if not display_name:
            raise ValidationFailed("The display name cannot be blank.", code="validation_failed",
                                   fields={"display_name": ["May not be blank."]})
        now = self.kit.now()
        with self.kit.uow() as uow:
            self._ensure_free(uow, email=email, username=username)
            user = User(id=self.kit.ids.new_id("usr"), email=email, username=username,
                        display_name=display_name, created_at=now, updated_at=now,
                        password_hash=self.kit.hasher.hash(password),
                        status_history=[{"status": UserStatus.PENDING_VERIFICATION.value,
                                         "at": now.isoformat(), "reason": "registered"}])
            uow.users.add(user)
            self._send_verification(uow, user, request)
            try:
                if referral and self.referrals is not None:
                    self.referrals.apply_at_sign_up(uow, referee=user, now=now, **referral)
                uow.commit()
            except IntegrityConflict:
                raise Conflict("That email or username was just taken.",
                               code="account_exists") from None
            return user

    @staticmethod
    def _ensure_free(uow, *, email: str, username: str) -> None:
        fields = {}
        if uow.users.get_by(email=email):
            fields["email"] = ["An account with this email already exists."]
        if uow.users.get_by(username=username):
            fields["username"] = ["This username is taken."]
        if fields:
            code = "email_taken" if "email" in fields else "username_taken"
            raise Conflict("An account with these details already exists.", code=code,
                           fields=fields)

    def _send_verification(self, uow, user: User, request: RequestInfo | None) -> None:
        token = self.kit.issue_token(uow, user, TokenType.EMAIL_VERIFICATION, request=request)
        self.kit.emails.send_after_commit(
            uow, to=user.email, template="verify_email", name=user.display_name, token=token,
            link=self.kit.emails.link("verify-email", token))

    def verify_email(self, *, token: str, request: RequestInfo) -> User:
        with self.kit.uow() as uow:
            found = self.kit.find_token(uow, token, TokenType.EMAIL_VERIFICATION)
            if found is None:
                raise ValidationFailed("This link or code is invalid or has expired.",
                                       code="token_invalid", fields={"token": ["Invalid."]})
            try:
                found.use(now=self.kit.now(), ip=request.ip)
            except DomainError as error:
                raise ValidationFailed(error.message, code=error.code,
                                       fields={"token": ["Invalid or expired."]}) from None
            user = uow.users.get(found.user_id)
            user.verify_email(now=self.kit.now())
            uow.commit()
            return user

    def resend_verification(self, *, email: str | None, actor: Actor | None,
                            request: RequestInfo) -> None:
        """Answers the same whether or not the address has an account, so it leaks nothing."""
        if actor is None and not email:
            raise ValidationFailed("Send the email address, or sign in.", code="email_required",
                                   fields={"email": ["Required when not signed in."]})
        key = actor.user_id if actor else normalize_email(email)
        self.kit.throttle(f"resend:{key}", limit=3, window=3600)
        self.kit.throttle(f"resend:ip:{request.ip}", limit=10, window=3600)
        with self.kit.uow() as uow:
            if actor:
                user = uow.users.get(actor.user_id)
            else:
                user = uow.users.get_by(email=normalize_email(email or ""))
            if user is None or user.email_verified or not user.is_active:
                return
            self._send_verification(uow, user, request)
            uow.commit()
