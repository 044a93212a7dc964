"""Signing in with Google, Apple and Twitter, and linking those accounts to a user."""

import base64
import hashlib
import re
from datetime import timedelta

from ownverso.domain.errors import DomainError, RuleViolation
from ownverso.domain.identity.auth_account import AuthAccount
from ownverso.domain.identity.oauth_state import OAuthState
from ownverso.domain.identity.user import User, check_username, normalize_email
from ownverso.domain.identity.values import AuthProvider, TokenType, UserStatus
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    ValidationFailed,
)
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.identity.secrets import hash_token, new_token
from ownverso.services.identity.sessions import LoginResult
from ownverso.services.ports import ExternalIdentity, IdentityProviderError, IdentityProviders

STATE_LIFETIME = timedelta(minutes=10)


def provider_of(name: str) -> AuthProvider:
    try:
        provider = AuthProvider(name.upper())
    except ValueError:
        provider = None
    if provider not in AuthProvider.external():
        raise NotFound(f"Unknown sign-in provider {name!r}.", code="unknown_provider")
    return provider


def _valid_username(name: str) -> bool:
    """Made-up usernames follow the rules a chosen one does (and are never reserved)."""
    try:
        check_username(name)
    except RuleViolation:
        return False
    return True


def refused(error: IdentityProviderError) -> Unauthenticated:
    return Unauthenticated(f"The provider did not confirm this sign-in: {error}",
                           code="oauth_failed")


class OAuthService:
    def __init__(self, kit: IdentityKit, providers: IdentityProviders):
        self.kit, self.providers = kit, providers

    # -- talking to the provider ------------------------------------------------------------
    def _verify(self, provider: AuthProvider, id_token: str, nonce: str | None) -> ExternalIdentity:
        try:
            return self.providers.verify_id_token(provider.value.lower(), id_token, nonce=nonce)
        except IdentityProviderError as error:
            raise refused(error) from None

    def _exchange(self, provider: AuthProvider, code: str, verifier: str,
                  redirect_uri: str) -> ExternalIdentity:
        try:
            return self.providers.exchange_code(provider.value.lower(), code=code,
                                                code_verifier=verifier, redirect_uri=redirect_uri)
        except IdentityProviderError as error:
            raise refused(error) from None

    def identity_from(self, provider_name: str, *, id_token: str | None = None,
                      nonce: str | None = None, code: str | None = None,
                      code_verifier: str | None = None,
                      redirect_uri: str | None = None) -> tuple[AuthProvider, ExternalIdentity]:
        provider = provider_of(provider_name)
        if id_token:
            return provider, self._verify(provider, id_token, nonce)
        if code and code_verifier and redirect_uri:
            return provider, self._exchange(provider, code, code_verifier, redirect_uri)
        raise ValidationFailed("Give an id_token, or a code with its code_verifier and "
                               "redirect_uri.", code="credentials_required",
                               fields={"id_token": ["Missing."], "code": ["Missing."]})

    # -- the redirect flow (server-held PKCE) ---------------------------------------------------
    def start_authorization(self, *, provider_name: str, redirect_uri: str,
                            link_user_id: str | None = None) -> tuple[str, str]:
        """Returns the provider's authorization URL and the state the callback will bring."""
        provider = provider_of(provider_name)
        state, verifier = new_token(24), new_token(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        try:
            url = self.providers.authorization_url(
                provider.value.lower(), state=state, redirect_uri=redirect_uri,
                code_challenge=challenge.rstrip(b"=").decode())
        except IdentityProviderError as error:
            raise ValidationFailed(str(error), code="provider_not_configured") from None
        now = self.kit.now()
        with self.kit.uow() as uow:
            uow.oauth_states.add(OAuthState(
                id=self.kit.ids.new_id("oas"), state_hash=hash_token(state), provider=provider,
                code_verifier=verifier, redirect_uri=redirect_uri, link_user_id=link_user_id,
                created_at=now, expires_at=now + STATE_LIFETIME))
            uow.commit()
        return url, state

    def finish_authorization(self, *, provider_name: str, code: str, state: str,
                             request: RequestInfo) -> LoginResult | AuthAccount:
        provider = provider_of(provider_name)
        with self.kit.uow() as uow:
            pending = uow.oauth_states.get_by(state_hash=hash_token(state or ""), for_update=True)
            if (pending is None or pending.is_used or pending.provider != provider
                    or pending.expires_at <= self.kit.now()):
                raise Unauthenticated("This sign-in attempt has expired; start again.",
                                      code="invalid_oauth_state")
            pending.is_used = True
            uow.commit()
        identity = self._exchange(provider, code, pending.code_verifier, pending.redirect_uri)
        if pending.link_user_id:
            return self._link(pending.link_user_id, provider, identity)
        return self.sign_in(provider, identity, request=request)

    # -- signing in -----------------------------------------------------------------------
    def sign_in(self, provider: AuthProvider, identity: ExternalIdentity, *, request: RequestInfo,
                email: str | None = None, display_name: str | None = None) -> LoginResult:
        with self.kit.uow() as uow:
            user = self._find_or_create(uow, provider, identity, email, display_name, request)
            try:
                user.ensure_may_log_in()
            except DomainError as error:  # the same answer as a password login
                raise PermissionDenied(error.message, code=error.code) from None
            if user.mfa_enabled:
                mfa_token = self.kit.issue_token(uow, user, TokenType.MFA_LOGIN, request=request)
                uow.commit()
                return LoginResult(user=user, mfa_token=mfa_token)
            tokens = self.kit.open_session(uow, user, request, provider=provider)
            uow.commit()
            return LoginResult(user=user, tokens=tokens)

    def _find_or_create(self, uow, provider, identity, email, display_name, request) -> User:
        account = uow.auth_accounts.get_by(provider=provider,
                                           provider_account_id=identity.subject)
        if account is not None:
            self._refresh_account(account, identity)
            return uow.users.get(account.user_id)
        user = None
        if identity.email and identity.email_verified:
            # only an address proven on both sides links: a stranger may hold the password
            # of an account registered with this address and never verified
            user = uow.users.get_by(email=normalize_email(identity.email), email_verified=True)
        if user is None:
            user = self._new_user(uow, identity, email, display_name, request)
        elif uow.auth_accounts.get_by(user_id=user.id, provider=provider):
            raise Conflict(f"Another {provider.value.title()} account is connected to the "
                           "account with this email.", code="provider_already_connected")
        self._add_account(uow, user.id, provider, identity)
        return user

    def _new_user(self, uow, identity: ExternalIdentity, email: str | None,
                  display_name: str | None, request: RequestInfo) -> User:
        address = normalize_email(identity.email or email or "")
        if not address:
            raise ValidationFailed("This provider shares no email address; send `email` to "
                                   "create the account.", code="email_required",
                                   fields={"email": ["Required for a new account."]})
        if uow.users.get_by(email=address):
            raise Conflict("An account with this email exists; sign in with it and connect "
                           "this provider from your settings.", code="email_taken",
                           fields={"email": ["Already in use."]})
        now = self.kit.now()
        verified = bool(identity.email and identity.email_verified)
        name = (display_name or identity.name or address.partition("@")[0])[:100]
        user = User(id=self.kit.ids.new_id("usr"), email=address,
                    username=self._free_username(uow, identity.name or address), display_name=name,
                    created_at=now, updated_at=now, avatar_url=identity.avatar_url)
        if verified:
            user.verify_email(now=now)
        else:
            user.status_history = [{"status": UserStatus.PENDING_VERIFICATION.value,
                                    "at": now.isoformat(), "reason": "registered"}]
            token = self.kit.issue_token(uow, user, TokenType.EMAIL_VERIFICATION, request=request)
            self.kit.emails.send_after_commit(
                uow, to=address, template="verify_email", name=name, token=token,
                link=self.kit.emails.link("verify-email", token))
        uow.users.add(user)
        return user

    @staticmethod
    def _free_username(uow, seed: str) -> str:
        base = re.sub(r"[^a-z0-9_-]", "", seed.partition("@")[0].lower().replace(" ", "_"))
        base = (base.strip("_-") or "reader")[:24].rstrip("_-").ljust(3, "0")
        candidate, n = base, 1
        while not _valid_username(candidate) or uow.users.get_by(username=candidate) is not None:
            n += 1
            candidate = f"{base}{n}"
        return candidate

    def _add_account(self, uow, user_id: str, provider: AuthProvider,
                     identity: ExternalIdentity) -> AuthAccount:
        now = self.kit.now()
        account = AuthAccount(id=self.kit.ids.new_id("aac"), user_id=user_id, provider=provider,
                              provider_account_id=identity.subject, created_at=now,
                              updated_at=now)
        self._refresh_account(account, identity)
        uow.auth_accounts.add(account)
        return account

    def _refresh_account(self, account: AuthAccount, identity: ExternalIdentity) -> None:
        box, now = self.kit.secret_box, self.kit.now()
        account.provider_email = identity.email
        account.provider_name = identity.name
        account.provider_avatar = identity.avatar_url
        account.scopes = list(identity.scopes)
        if identity.access_token:
            account.access_token = box.encrypt(identity.access_token)
        if identity.refresh_token:
            account.refresh_token = box.encrypt(identity.refresh_token)
        if identity.expires_in:
            account.token_expires_at = now + timedelta(seconds=identity.expires_in)
        account.last_synced_at = account.updated_at = now

    # -- connected accounts ---------------------------------------------------------------------
    def connect(self, *, actor: Actor, provider_name: str, **credentials) -> AuthAccount:
        provider, identity = self.identity_from(provider_name, **credentials)
        return self._link(actor.user_id, provider, identity)

    def _link(self, user_id: str, provider: AuthProvider,
              identity: ExternalIdentity) -> AuthAccount:
        with self.kit.uow() as uow:
            account = uow.auth_accounts.get_by(provider=provider,
                                               provider_account_id=identity.subject)
            if account is not None and account.user_id != user_id:
                raise Conflict("This account is connected to another user.",
                               code="provider_account_taken")
            if account is None:
                if uow.auth_accounts.get_by(user_id=user_id, provider=provider):
                    raise Conflict(f"A {provider.value.title()} account is already connected.",
                                   code="provider_already_connected")
                account = self._add_account(uow, user_id, provider, identity)
            else:
                self._refresh_account(account, identity)
            uow.commit()
            return account

    def connected_accounts(self, *, actor: Actor) -> list[AuthAccount]:
        with self.kit.uow() as uow:
            return uow.auth_accounts.list(user_id=actor.user_id, order_by=["created_at"])

    def disconnect(self, *, actor: Actor, provider_name: str) -> None:
        """Refused when it would leave the user no way to sign in."""
        provider = provider_of(provider_name)
        with self.kit.uow() as uow:
            account = uow.auth_accounts.get_by(user_id=actor.user_id, provider=provider)
            if account is None:
                raise NotFound("No such connected account.", code="connected_account_not_found")
            user = uow.users.get(actor.user_id)
            others = uow.auth_accounts.count(user_id=actor.user_id, id__ne=account.id)
            if not user.password_hash and others == 0:
                raise Conflict("Set a password before disconnecting your only sign-in method.",
                               code="last_login_method")
            uow.auth_accounts.remove(account)
            uow.commit()
