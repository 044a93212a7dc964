"""factory-boy factories for the identity module's domain objects (plain, no persistence).

``UserFactory()`` builds a valid ``User``; ``SessionFactory(user_id=user.id)`` a live session of
that user. Nothing is saved: add them to a unit of work yourself. The SQL adapters check the
foreign key, so give a session the id of a user that is stored.
"""

from datetime import UTC, datetime, timedelta

import factory

from ownverso.domain.identity.session import Session
from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import AuthProvider, UserRole, UserStatus

BASE_TIME = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    id = factory.Sequence(lambda n: f"usr_{n:06d}")
    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    display_name = factory.LazyAttribute(lambda o: o.username.title())
    created_at = BASE_TIME
    updated_at = factory.SelfAttribute("created_at")
    role = UserRole.READER
    status = UserStatus.ACTIVE
    email_verified = True
    email_verified_at = factory.SelfAttribute("created_at")
    status_history = factory.LazyFunction(list)
    mfa_backup_codes = factory.LazyFunction(list)
    preferences = factory.LazyFunction(dict)

    class Params:
        pending = factory.Trait(status=UserStatus.PENDING_VERIFICATION, email_verified=False,
                                email_verified_at=None)
        author = factory.Trait(role=UserRole.AUTHOR)


class SessionFactory(factory.Factory):
    class Meta:
        model = Session

    id = factory.Sequence(lambda n: f"ses_{n:06d}")
    user_id = factory.Sequence(lambda n: f"usr_{n:06d}")
    refresh_token_hash = factory.Sequence(lambda n: f"{n:064x}")
    created_at = BASE_TIME
    last_active_at = factory.SelfAttribute("created_at")
    expires_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(days=30))
    auth_provider = AuthProvider.EMAIL
    retired_refresh_hashes = factory.LazyFunction(list)
    user_agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"
    ip_address = "203.0.113.7"
