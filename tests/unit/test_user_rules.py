"""Identity rules on plain domain objects: status moves, lockout, login refusal, usernames,
one-time tokens and refresh-token rotation."""

from datetime import timedelta

import pytest

from ownverso.domain.errors import InvalidTransition, RuleViolation
from ownverso.domain.identity.errors import AccountLocked, LoginRefused, TokenInvalid
from ownverso.domain.identity.session import RETIRED_KEPT
from ownverso.domain.identity.tokens import VerificationToken
from ownverso.domain.identity.user import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    check_username,
    normalize_email,
)
from ownverso.domain.identity.values import TokenType, UserRole, UserStatus
from tests.factories.identity import BASE_TIME, SessionFactory, UserFactory

NOW = BASE_TIME + timedelta(days=3)


# -- status -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "target"), [
    (UserStatus.PENDING_VERIFICATION, UserStatus.ACTIVE),
    (UserStatus.ACTIVE, UserStatus.SUSPENDED),
    (UserStatus.ACTIVE, UserStatus.BANNED),
    (UserStatus.SUSPENDED, UserStatus.ACTIVE),
    (UserStatus.BANNED, UserStatus.ACTIVE),
    (UserStatus.BANNED, UserStatus.DELETED),
])
def test_an_allowed_status_move_changes_the_status_and_records_it(start, target):
    user = UserFactory(status=start)

    user.change_status(target, now=NOW, reason="moderation")

    assert user.status == target
    assert user.status_history[-1] == {"status": target.value, "at": NOW.isoformat(),
                                       "reason": "moderation"}
    assert user.updated_at == NOW


@pytest.mark.parametrize(("start", "target"), [
    (UserStatus.DELETED, UserStatus.ACTIVE),
    (UserStatus.DELETED, UserStatus.BANNED),
    (UserStatus.ACTIVE, UserStatus.PENDING_VERIFICATION),
    (UserStatus.BANNED, UserStatus.SUSPENDED),
])
def test_a_forbidden_status_move_raises_invalid_transition_and_changes_nothing(start, target):
    user = UserFactory(status=start)

    with pytest.raises(InvalidTransition) as caught:
        user.change_status(target, now=NOW)

    assert caught.value.code == "invalid_status_transition"
    assert user.status == start
    assert user.status_history == []


def test_moving_to_the_current_status_is_a_no_op():
    user = UserFactory(status=UserStatus.ACTIVE)

    user.change_status(UserStatus.ACTIVE, now=NOW)

    assert user.status_history == []
    assert user.updated_at == BASE_TIME


def test_deleting_an_account_stamps_deleted_at():
    user = UserFactory()

    user.change_status(UserStatus.DELETED, now=NOW)

    assert user.deleted_at == NOW


def test_verifying_the_email_activates_a_pending_account():
    user = UserFactory(pending=True)

    user.verify_email(now=NOW)

    assert user.email_verified is True
    assert user.email_verified_at == NOW
    assert user.status == UserStatus.ACTIVE


# -- lockout ------------------------------------------------------------------------------------
def test_four_failed_logins_do_not_lock_the_account():
    user = UserFactory()

    for _ in range(MAX_FAILED_LOGINS - 1):
        user.record_failed_login(now=NOW)

    assert user.failed_login_count == MAX_FAILED_LOGINS - 1
    assert user.locked_until is None
    user.ensure_not_locked(now=NOW)  # does not raise


def test_the_fifth_failed_login_locks_the_account_for_fifteen_minutes():
    user = UserFactory()

    for _ in range(5):
        user.record_failed_login(now=NOW)

    assert user.locked_until == NOW + LOCKOUT == NOW + timedelta(minutes=15)
    assert user.failed_login_count == 0


def test_a_locked_account_raises_account_locked_with_the_seconds_left():
    user = UserFactory(locked_until=NOW + timedelta(minutes=10))

    with pytest.raises(AccountLocked) as caught:
        user.ensure_not_locked(now=NOW)

    assert caught.value.code == "account_locked"
    assert caught.value.retry_after == 601


def test_the_lock_lifts_once_its_time_has_passed():
    user = UserFactory(locked_until=NOW)

    user.ensure_not_locked(now=NOW)  # does not raise
    user.ensure_not_locked(now=NOW + timedelta(seconds=1))


def test_a_successful_login_clears_the_failures_and_the_lock():
    user = UserFactory(failed_login_count=3, locked_until=NOW - timedelta(minutes=1))

    user.record_login(now=NOW, ip="203.0.113.9", user_agent="curl/8")

    assert (user.failed_login_count, user.locked_until) == (0, None)
    assert (user.last_login_at, user.last_login_ip) == (NOW, "203.0.113.9")


@pytest.mark.parametrize("status", [UserStatus.SUSPENDED, UserStatus.BANNED, UserStatus.DELETED])
def test_suspended_banned_and_deleted_accounts_may_not_log_in(status):
    user = UserFactory(status=status)

    with pytest.raises(LoginRefused) as caught:
        user.ensure_may_log_in()

    assert caught.value.code == f"account_{status.lower()}"


@pytest.mark.parametrize("status", [UserStatus.ACTIVE, UserStatus.PENDING_VERIFICATION])
def test_active_and_pending_accounts_may_log_in(status):
    UserFactory(status=status).ensure_may_log_in()  # does not raise


# -- roles --------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [UserRole.READER, UserRole.COLLABORATOR])
def test_readers_and_collaborators_become_authors(role):
    user = UserFactory(role=role)

    user.become_author(now=NOW)

    assert user.role == UserRole.AUTHOR


def test_an_admin_keeps_the_admin_role_when_becoming_an_author():
    user = UserFactory(role=UserRole.ADMIN)

    user.become_author(now=NOW)

    assert user.role == UserRole.ADMIN
    assert user.is_admin


# -- usernames and emails -----------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "expected"), [
    ("Mira", "mira"), ("  MIRA_vale  ", "mira_vale"), ("a-b", "a-b"), ("x9z", "x9z"),
    ("a" * 30, "a" * 30),
])
def test_a_valid_username_is_trimmed_and_case_folded(raw, expected):
    assert check_username(raw) == expected


@pytest.mark.parametrize("raw", [
    "ab", "a" * 31, "mira vale", "mira.vale", "-mira", "mira_", "mïra", "mira@home", "",
])
def test_a_malformed_username_is_refused_naming_the_field(raw):
    with pytest.raises(RuleViolation) as caught:
        check_username(raw)

    assert caught.value.code == "invalid_username"
    assert "username" in caught.value.fields


@pytest.mark.parametrize("raw", ["admin", "ROOT", "Api", "ownverso", "Settings"])
def test_a_reserved_username_is_refused_whatever_its_case(raw):
    with pytest.raises(RuleViolation) as caught:
        check_username(raw)

    assert caught.value.code == "username_reserved"
    assert caught.value.fields == {"username": ["This username is reserved."]}


def test_emails_are_trimmed_and_lower_cased():
    assert normalize_email("  Mira@Example.COM ") == "mira@example.com"


# -- verification tokens ------------------------------------------------------------------------
def _token(**fields) -> VerificationToken:
    return VerificationToken(id="vt_1", user_id="usr_1", token_hash="h" * 64,
                             type=TokenType.PASSWORD_RESET, created_at=BASE_TIME,
                             expires_at=BASE_TIME + timedelta(hours=1), **fields)


def test_a_token_can_be_used_once():
    token = _token()

    token.use(now=BASE_TIME + timedelta(minutes=5), ip="198.51.100.4")

    assert token.is_used
    assert token.used_at == BASE_TIME + timedelta(minutes=5)
    assert token.used_ip == "198.51.100.4"
    with pytest.raises(TokenInvalid):
        token.use(now=BASE_TIME + timedelta(minutes=6))


def test_an_expired_token_is_refused_and_stays_unused():
    token = _token()

    with pytest.raises(TokenInvalid) as caught:
        token.use(now=BASE_TIME + timedelta(hours=1))

    assert caught.value.code == "token_invalid"
    assert not token.is_used


def test_each_token_type_has_its_own_lifetime():
    assert VerificationToken.lifetime(TokenType.PASSWORD_RESET) == timedelta(hours=1)
    assert VerificationToken.lifetime(TokenType.EMAIL_VERIFICATION) == timedelta(days=2)
    assert VerificationToken.lifetime(TokenType.MFA_LOGIN) == timedelta(minutes=5)


# -- sessions -----------------------------------------------------------------------------------
def test_rotating_a_session_retires_the_old_hash_and_moves_its_expiry():
    session = SessionFactory(refresh_token_hash="old")
    later = BASE_TIME + timedelta(hours=2)

    session.rotate("new", now=later, expires_at=later + timedelta(days=30))

    assert session.refresh_token_hash == "new"
    assert session.was_retired("old")
    assert not session.was_retired("new")
    assert not session.was_retired("never-issued")
    assert session.last_active_at == later
    assert session.expires_at == later + timedelta(days=30)


def test_a_session_remembers_only_the_last_hundred_retired_hashes():
    session = SessionFactory(refresh_token_hash="h0")

    for n in range(1, 151):
        session.rotate(f"h{n}", now=BASE_TIME, expires_at=BASE_TIME + timedelta(days=1))

    assert RETIRED_KEPT == 100
    assert len(session.retired_refresh_hashes) == 100
    assert session.retired_refresh_hashes == [f"h{n}" for n in range(50, 150)]
    assert session.was_retired("h149")
    assert session.was_retired("h50")
    assert not session.was_retired("h49")
    assert not session.was_retired("h0")


def test_a_revoked_session_is_not_live_and_keeps_its_first_reason():
    session = SessionFactory()

    session.revoke("logout", now=NOW)
    session.revoke("password_changed", now=NOW + timedelta(hours=1))

    assert not session.is_live(NOW)
    assert (session.revoked_reason, session.revoked_at) == ("logout", NOW)


def test_a_session_is_live_until_it_expires():
    session = SessionFactory()

    assert session.is_live(session.expires_at - timedelta(seconds=1))
    assert not session.is_live(session.expires_at)


def test_a_reader_who_joins_a_team_becomes_a_collaborator_and_an_author_stays_one():
    reader, author = UserFactory(role=UserRole.READER), UserFactory(role=UserRole.AUTHOR)
    reader.join_as_collaborator(now=BASE_TIME)
    author.join_as_collaborator(now=BASE_TIME)
    assert (reader.role, author.role) == (UserRole.COLLABORATOR, UserRole.AUTHOR)
