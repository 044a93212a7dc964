"""MfaService on the in-memory suite: which TOTP codes count, backup codes, the login challenge."""

from datetime import timedelta

import pyotp
import pytest

from ownverso.container import build_container
from ownverso.domain.identity.values import TokenType
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.context import Actor, RequestInfo
from ownverso.services.errors import Conflict, RateLimited, Unauthenticated, ValidationFailed
from ownverso.services.identity.mfa import BACKUP_ALPHABET, normalize_code
from tests.factories.identity import UserFactory

PASSWORD = "correct horse battery"
REQUEST = RequestInfo(ip="203.0.113.9", user_agent="pytest")


@pytest.fixture
def container():
    container = build_container(env="test")
    wire(container)  # the inline job queue sends the emails through the wired worker tasks
    return container


@pytest.fixture
def clock(container):
    return container.clock()


@pytest.fixture
def mfa(container):
    return container.mfa()


@pytest.fixture
def user(container):
    user = UserFactory(password_hash=container.password_hasher().hash(PASSWORD))
    with container.uow() as uow:
        uow.users.add(user)
        uow.commit()
    return user


@pytest.fixture
def actor(user):
    return Actor(user_id=user.id, session_id="ses_none", role=user.role)


def stored(container, user_id):
    with container.uow() as uow:
        return uow.users.get(user_id)


def totp_at(secret, clock, steps=0):
    return pyotp.TOTP(secret).at(clock.now() + timedelta(seconds=30 * steps))


@pytest.fixture
def enabled(mfa, actor, clock):
    """MFA on for ``actor``: ``(secret, backup_codes)``; the clock moved two steps past the
    setup's (spent) step, so the codes of the steps around now are all unspent."""
    setup = mfa.enable(actor=actor)
    codes = mfa.verify(actor=actor, code=totp_at(setup.secret, clock))
    clock.advance(seconds=60)
    return setup.secret, codes


def mfa_token(container, user_id) -> str:
    kit = container.identity_kit()
    with container.uow() as uow:
        token = kit.issue_token(uow, uow.users.get(user_id), TokenType.MFA_LOGIN,
                                request=REQUEST)
        uow.commit()
    return token


# -- setup --------------------------------------------------------------------------------
def test_the_secret_is_encrypted_and_decrypts_back(container, mfa, actor):
    setup = mfa.enable(actor=actor)

    saved = stored(container, actor.user_id).mfa_secret
    assert saved != setup.secret
    assert container.identity_kit().secret_box.decrypt(saved) == setup.secret
    assert setup.otpauth_uri.startswith("otpauth://totp/Ownverso:")


def test_enabling_again_before_verifying_starts_over(mfa, actor, clock):
    first = mfa.enable(actor=actor)
    second = mfa.enable(actor=actor)

    assert first.secret != second.secret
    with pytest.raises(Unauthenticated):
        mfa.verify(actor=actor, code=totp_at(first.secret, clock))
    assert len(mfa.verify(actor=actor, code=totp_at(second.secret, clock))) == 10


def test_backup_codes_are_ten_distinct_and_from_the_alphabet(enabled):
    _, codes = enabled

    assert len(set(codes)) == 10
    assert all(len(c) == 10 and set(c) <= set(BACKUP_ALPHABET) for c in codes)


def test_a_backup_code_cannot_confirm_setup(mfa, actor, clock):
    mfa.enable(actor=actor)

    with pytest.raises(Unauthenticated):
        mfa.verify(actor=actor, code="abcdefghjk")


@pytest.mark.parametrize(("typed", "normal"), [
    ("ABCD-EFGH-JK", "abcdefghjk"), (" 123 456 ", "123456"), ("123456", "123456"),
])
def test_codes_are_normalized(typed, normal):
    assert normalize_code(typed) == normal


# -- which TOTP codes count -------------------------------------------------------------------
@pytest.mark.parametrize("steps", [-1, 0, 1])
def test_one_step_of_drift_is_accepted(container, mfa, user, enabled, clock, steps):
    secret, _ = enabled

    found, tokens = mfa.challenge(mfa_token=mfa_token(container, user.id),
                                  code=totp_at(secret, clock, steps), request=REQUEST)

    assert found.id == user.id and tokens.access_token


@pytest.mark.parametrize("steps", [-3, -2, 2, 3])
def test_codes_further_away_are_refused(container, mfa, user, enabled, clock, steps):
    secret, _ = enabled
    clock.advance(minutes=2)  # the code two steps back must not be the setup's spent one

    with pytest.raises(Unauthenticated) as refused:
        mfa.challenge(mfa_token=mfa_token(container, user.id),
                      code=totp_at(secret, clock, steps), request=REQUEST)
    assert refused.value.code == "invalid_mfa_code"


def test_an_older_code_after_a_newer_one_is_refused(container, mfa, user, enabled, clock):
    secret, _ = enabled
    mfa.challenge(mfa_token=mfa_token(container, user.id), code=totp_at(secret, clock),
                  request=REQUEST)

    with pytest.raises(Unauthenticated):
        mfa.challenge(mfa_token=mfa_token(container, user.id),
                      code=totp_at(secret, clock, -1), request=REQUEST)
    assert stored(container, user.id).mfa_last_step == pyotp.TOTP(secret).timecode(clock.now())


def test_a_wrong_code_leaves_the_mfa_token_usable(container, mfa, user, enabled, clock):
    secret, _ = enabled
    token = mfa_token(container, user.id)
    wrong = "000000" if totp_at(secret, clock) != "000000" else "111111"

    with pytest.raises(Unauthenticated):
        mfa.challenge(mfa_token=token, code=wrong, request=REQUEST)

    found, _ = mfa.challenge(mfa_token=token, code=totp_at(secret, clock), request=REQUEST)
    assert found.id == user.id


def test_the_mfa_token_lives_five_minutes(container, mfa, user, enabled, clock):
    secret, _ = enabled
    token = mfa_token(container, user.id)
    clock.advance(minutes=5)

    with pytest.raises(Unauthenticated) as refused:
        mfa.challenge(mfa_token=token, code=totp_at(secret, clock), request=REQUEST)
    assert refused.value.code == "invalid_mfa_token"


def test_the_sixth_attempt_on_one_mfa_token_is_throttled(container, mfa, user, enabled, clock):
    secret, _ = enabled
    token = mfa_token(container, user.id)
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            mfa.challenge(mfa_token=token, code="999999x", request=REQUEST)

    with pytest.raises(RateLimited) as limited:
        mfa.challenge(mfa_token=token, code=totp_at(secret, clock), request=REQUEST)
    assert limited.value.code == "too_many_mfa_attempts"


# -- backup codes, regenerating, disabling -------------------------------------------------------
def test_a_backup_code_is_spent_once(container, mfa, user, actor, enabled):
    _, codes = enabled

    mfa.challenge(mfa_token=mfa_token(container, user.id), code=codes[0], request=REQUEST)

    assert mfa.backup_codes_left(actor=actor) == 9
    with pytest.raises(Unauthenticated):
        mfa.challenge(mfa_token=mfa_token(container, user.id), code=codes[0], request=REQUEST)


def test_regenerating_with_the_password(container, mfa, user, actor, enabled):
    _, old = enabled

    new = mfa.regenerate_backup_codes(actor=actor, code=None, password=PASSWORD)

    assert not set(new) & set(old)
    assert mfa.backup_codes_left(actor=actor) == 10
    with pytest.raises(Unauthenticated):
        mfa.challenge(mfa_token=mfa_token(container, user.id), code=old[1], request=REQUEST)


def test_regenerating_with_a_backup_code_spends_it(mfa, actor, enabled):
    _, old = enabled

    new = mfa.regenerate_backup_codes(actor=actor, code=old[0], password=None)

    assert len(new) == 10 and mfa.backup_codes_left(actor=actor) == 10


def test_confirmation_is_required(mfa, actor, enabled):
    with pytest.raises(ValidationFailed) as missing:
        mfa.disable(actor=actor, code=None, password=None)
    assert missing.value.code == "confirmation_required"


def test_a_wrong_password_does_not_disable(container, mfa, actor, enabled):
    with pytest.raises(Unauthenticated) as refused:
        mfa.disable(actor=actor, code=None, password="wrong")

    assert refused.value.code == "invalid_password"
    assert stored(container, actor.user_id).mfa_enabled is True


def test_disabling_forgets_everything(container, mfa, actor, enabled):
    mfa.disable(actor=actor, code=None, password=PASSWORD)

    user = stored(container, actor.user_id)
    assert (user.mfa_enabled, user.mfa_secret, user.mfa_backup_codes, user.mfa_last_step) == (
        False, None, [], None)
    with pytest.raises(Conflict) as off:
        mfa.backup_codes_left(actor=actor)
    assert off.value.code == "mfa_not_enabled"


def test_a_user_without_password_confirms_with_a_code(container, mfa, clock):
    user = UserFactory(password_hash=None)
    with container.uow() as uow:
        uow.users.add(user)
        uow.commit()
    actor = Actor(user_id=user.id, session_id="ses_none", role=user.role)
    secret = mfa.enable(actor=actor).secret
    mfa.verify(actor=actor, code=totp_at(secret, clock))

    with pytest.raises(Unauthenticated):
        mfa.disable(actor=actor, code=None, password="anything")
    mfa.disable(actor=actor, code=totp_at(secret, clock, 1), password=None)

    assert stored(container, user.id).mfa_enabled is False


def test_the_setup_code_is_spent(container, mfa, user, actor, clock):
    secret = mfa.enable(actor=actor).secret
    code = totp_at(secret, clock)
    mfa.verify(actor=actor, code=code)

    with pytest.raises(Unauthenticated):
        mfa.challenge(mfa_token=mfa_token(container, user.id), code=code, request=REQUEST)
