"""Changing the email address: confirmed from the new address before it takes effect."""

from ownverso.domain.errors import DomainError
from ownverso.domain.identity.user import User, normalize_email
from ownverso.domain.identity.values import TokenType
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import Conflict, Unauthenticated, ValidationFailed
from ownverso.services.identity.kit import IdentityKit
from ownverso.services.ports import IntegrityConflict


class EmailChangeService:
    def __init__(self, kit: IdentityKit):
        self.kit = kit

    def request_change(self, *, actor: Actor, new_email: str, password: str,
                       request: RequestInfo) -> None:
        new_email = normalize_email(new_email)
        self.kit.throttle(f"change-email:{actor.user_id}", limit=5, window=3600)
        with self.kit.uow() as uow:
            user = uow.users.get(actor.user_id)
            if user.password_hash and not self.kit.hasher.verify(user.password_hash, password):
                raise Unauthenticated("The password is incorrect.", code="invalid_password",
                                      fields={"password": ["Incorrect password."]})
            if new_email == user.email:
                raise ValidationFailed("That is already your email address.", code="same_email",
                                       fields={"new_email": ["Same as the current address."]})
            if uow.users.get_by(email=new_email):
                raise Conflict("An account with this email already exists.", code="email_taken",
                               fields={"new_email": ["Already in use."]})
            token = self.kit.issue_token(uow, user, TokenType.EMAIL_CHANGE, request=request,
                                         new_email=new_email)
            emails = self.kit.emails
            emails.send_after_commit(uow, to=new_email, template="confirm_email_change",
                                     name=user.display_name, new_email=new_email, token=token,
                                     link=emails.link("verify-email-change", token))
            emails.send_after_commit(uow, to=user.email, template="email_change_requested",
                                     name=user.display_name, new_email=new_email)
            uow.commit()

    def confirm_change(self, *, actor: Actor, token: str, request: RequestInfo) -> User:
        with self.kit.uow() as uow:
            found = self.kit.find_token(uow, token, TokenType.EMAIL_CHANGE)
            if found is None or found.user_id != actor.user_id:
                raise ValidationFailed("This link or code is invalid or has expired.",
                                       code="token_invalid", fields={"token": ["Invalid."]})
            try:
                found.use(now=self.kit.now(), ip=request.ip)
            except DomainError as error:
                raise ValidationFailed(error.message, code=error.code,
                                       fields={"token": ["Invalid or expired."]}) from None
            user = uow.users.get(actor.user_id)
            user.email = found.new_email
            user.verify_email(now=self.kit.now())
            try:
                uow.commit()
            except IntegrityConflict:
                raise Conflict("An account with this email already exists.",
                               code="email_taken") from None
            return user
