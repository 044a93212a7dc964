"""One contract for every persistence adapter: in memory, SQL on SQLite, SQL on Postgres.

Each test gets ``new_uow``: a callable returning a fresh unit of work on the same store, so a
test can look at what was committed from a unit that shares nothing with the writer.
"""

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ownverso.adapters.memory.persistence import InMemoryDatabase, InMemoryUnitOfWork
from ownverso.adapters.sql.database import create_engine, session_factory
from ownverso.adapters.sql.mapping import start_mappers
from ownverso.adapters.sql.tables import metadata
from ownverso.adapters.sql.uow import SqlUnitOfWork
from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import AuthProvider, UserRole, UserStatus
from ownverso.services.ports import ConcurrencyConflict, IntegrityConflict
from tests.factories.identity import SessionFactory, UserFactory

T0 = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def user(n: int, **overrides) -> User:
    """A user with readable, collation-proof values: ``usr_001`` / ``user001``."""
    values = {"id": f"usr_{n:03d}", "username": f"user{n:03d}", "email": f"user{n:03d}@example.com",
              "display_name": f"User {n}", "created_at": T0 + timedelta(minutes=n),
              "updated_at": T0 + timedelta(minutes=n)}
    return UserFactory.build(**{**values, **overrides})


def fields_of(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def store(new_uow, *objects) -> None:
    uow = new_uow()
    with uow:
        for obj in objects:
            repo = uow.users if isinstance(obj, User) else uow.sessions
            repo.add(obj)
        uow.commit()


# -- the adapters ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def postgres_engine(schema_postgres_url):
    start_mappers()
    engine = create_engine(schema_postgres_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def _empty(engine) -> None:
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def new_uow(request, tmp_path):
    if request.param == "memory":
        db = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(db)
        return
    start_mappers()
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'contract.db'}")
        metadata.create_all(engine)
        factory = session_factory(engine)
        yield lambda: SqlUnitOfWork(factory)
        engine.dispose()
        return
    engine = request.getfixturevalue("postgres_engine")
    _empty(engine)
    factory = session_factory(engine)
    yield lambda: SqlUnitOfWork(factory)
    _empty(engine)


# -- round trip ---------------------------------------------------------------------------
def test_committed_object_reads_back_equal_in_a_new_unit(new_uow):
    original = user(
        1, role=UserRole.AUTHOR, status=UserStatus.SUSPENDED, bio="Writes at night. ☾",
        last_login_at=T0 + timedelta(hours=2), locked_until=None, mfa_last_step=58_000_000_123,
        status_history=[{"status": "ACTIVE", "at": T0.isoformat(), "reason": "verified"},
                        {"status": "SUSPENDED", "at": T0.isoformat(), "reason": "spam"}],
        mfa_backup_codes=["a" * 64, "b" * 64],
        preferences={"theme": "dark", "email": {"digest": True, "hour": 7}, "langs": ["en", "hi"]},
        storage_used_bytes=5 * 1024**3,
    )
    expected = fields_of(original)
    store(new_uow, original)

    with new_uow() as uow:
        loaded = uow.users.get("usr_001")
        assert loaded is not None
        assert fields_of(loaded) == expected
        assert loaded.role is UserRole.AUTHOR
        assert loaded.status is UserStatus.SUSPENDED
        for name in ("created_at", "updated_at", "last_login_at", "email_verified_at"):
            value = getattr(loaded, name)
            assert value.tzinfo is not None and value.utcoffset() == timedelta(0), name
        assert loaded.last_login_at == T0 + timedelta(hours=2)
        assert loaded.locked_until is None
        assert loaded.preferences["email"] == {"digest": True, "hour": 7}
        assert list(loaded.status_history) == expected["status_history"]


def test_an_aware_datetime_in_another_zone_keeps_its_instant(new_uow):
    india = timezone(timedelta(hours=5, minutes=30))
    store(new_uow, user(1, last_login_at=datetime(2026, 3, 1, 15, 0, tzinfo=india)))

    with new_uow() as uow:
        assert uow.users.get("usr_001").last_login_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_a_session_round_trips_with_its_enum_and_list(new_uow):
    store(new_uow, user(1))
    session = SessionFactory.build(id="ses_001", user_id="usr_001", refresh_token_hash="f" * 64,
                                   auth_provider=AuthProvider.GOOGLE,
                                   retired_refresh_hashes=["1" * 64, "2" * 64])
    store(new_uow, session)

    with new_uow() as uow:
        loaded = uow.sessions.get("ses_001")
        assert loaded.auth_provider is AuthProvider.GOOGLE
        assert list(loaded.retired_refresh_hashes) == ["1" * 64, "2" * 64]
        assert loaded.expires_at == session.expires_at
        assert loaded.is_live(session.created_at)


def test_a_user_and_their_session_are_added_and_removed_in_one_unit(new_uow):
    uow = new_uow()
    with uow:  # the session is added first: the adapter, not the caller, orders the writes
        uow.sessions.add(SessionFactory.build(id="ses_001", user_id="usr_001"))
        uow.users.add(user(1))
        assert uow.sessions.count(user_id="usr_001") == 1
        uow.commit()

    with new_uow() as uow:
        assert uow.sessions.get("ses_001").user_id == uow.users.get("usr_001").id

    uow = new_uow()
    with uow:
        owner, session = uow.users.get("usr_001"), uow.sessions.get("ses_001")
        uow.users.remove(owner)
        uow.sessions.remove(session)
        uow.commit()

    with new_uow() as uow:
        assert (uow.users.count(), uow.sessions.count()) == (0, 0)


def test_get_of_an_unknown_id_is_none(new_uow):
    store(new_uow, user(1))
    with new_uow() as uow:
        assert uow.users.get("usr_404") is None
        assert uow.sessions.get("usr_001") is None


# -- transactions -------------------------------------------------------------------------
def test_a_new_object_is_lost_without_commit(new_uow):
    uow = new_uow()
    with uow:
        uow.users.add(user(1))
        assert uow.users.count() == 1  # the unit sees its own write

    with new_uow() as other:
        assert other.users.get("usr_001") is None
        assert other.users.count() == 0


def test_a_modification_is_lost_without_commit(new_uow):
    store(new_uow, user(1, display_name="Before"))

    with new_uow() as uow:
        uow.users.get("usr_001").display_name = "After"
        assert uow.users.get("usr_001").display_name == "After"

    with new_uow() as uow:
        loaded = uow.users.get("usr_001")
        assert loaded.display_name == "Before"
        assert loaded.version == 1


def test_an_exception_inside_the_block_rolls_back_and_propagates(new_uow):
    store(new_uow, user(1, display_name="Before"))

    with pytest.raises(RuntimeError, match="boom"):  # noqa: SIM117 - the raise is the point
        with new_uow() as uow:
            uow.users.get("usr_001").display_name = "After"
            uow.users.add(user(2))
            raise RuntimeError("boom")

    with new_uow() as uow:
        assert uow.users.get("usr_001").display_name == "Before"
        assert uow.users.get("usr_002") is None


def test_a_modification_is_stored_on_commit_and_bumps_the_version(new_uow):
    store(new_uow, user(1))

    uow = new_uow()
    with uow:
        loaded = uow.users.get("usr_001")
        loaded.display_name = "Renamed"
        loaded.preferences["theme"] = "dark"  # changed in place
        loaded.status_history = [*loaded.status_history, {"status": "ACTIVE"}]
        uow.commit()

    with new_uow() as uow:
        loaded = uow.users.get("usr_001")
        assert loaded.display_name == "Renamed"
        assert loaded.preferences == {"theme": "dark"}
        assert list(loaded.status_history) == [{"status": "ACTIVE"}]
        assert loaded.version == 2


def test_a_unit_can_commit_twice(new_uow):
    uow = new_uow()
    with uow:
        uow.users.add(user(1))
        uow.commit()
        uow.users.get("usr_001").display_name = "Second"
        uow.commit()

    with new_uow() as uow:
        assert uow.users.get("usr_001").display_name == "Second"
        assert uow.users.get("usr_001").version == 2


# -- queries ------------------------------------------------------------------------------
@pytest.fixture
def five_users(new_uow):
    store(new_uow,
          user(1, role=UserRole.READER, bio="a", last_login_at=T0 + timedelta(days=1)),
          user(2, role=UserRole.AUTHOR, bio=None, last_login_at=None),
          user(3, role=UserRole.AUTHOR, bio="c", last_login_at=T0 + timedelta(days=3)),
          user(4, role=UserRole.ADMIN, bio=None, last_login_at=T0 + timedelta(days=2)),
          user(5, role=UserRole.READER, bio="e", last_login_at=None,
               status=UserStatus.PENDING_VERIFICATION))
    return new_uow


def ids(objects) -> list[str]:
    return [o.id for o in objects]


def test_list_without_filters_orders_by_id(five_users):
    with five_users() as uow:
        assert ids(uow.users.list()) == ["usr_001", "usr_002", "usr_003", "usr_004", "usr_005"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"role": UserRole.AUTHOR}, ["usr_002", "usr_003"]),
    ({"role": UserRole.AUTHOR, "bio": "c"}, ["usr_003"]),
    ({"role__ne": UserRole.READER}, ["usr_002", "usr_003", "usr_004"]),
    ({"role__in": [UserRole.ADMIN, UserRole.READER]}, ["usr_001", "usr_004", "usr_005"]),
    ({"id__in": ("usr_002", "usr_404")}, ["usr_002"]),
    ({"bio__in": [None, "a"]}, ["usr_001", "usr_002", "usr_004"]),
    ({"role__in": []}, []),
    ({"last_login_at__lt": T0 + timedelta(days=2)}, ["usr_001"]),
    ({"last_login_at__lte": T0 + timedelta(days=2)}, ["usr_001", "usr_004"]),
    ({"last_login_at__gt": T0 + timedelta(days=1)}, ["usr_003", "usr_004"]),
    ({"last_login_at__gte": T0 + timedelta(days=1), "last_login_at__lt": T0 + timedelta(days=3)},
     ["usr_001", "usr_004"]),
    ({"last_login_at__isnull": True}, ["usr_002", "usr_005"]),
    ({"last_login_at__isnull": False}, ["usr_001", "usr_003", "usr_004"]),
    ({"bio": None}, ["usr_002", "usr_004"]),
    ({"bio__ne": None}, ["usr_001", "usr_003", "usr_005"]),
    ({"bio__ne": "a"}, ["usr_002", "usr_003", "usr_004", "usr_005"]),  # NULL is not "a"
    ({"role__ne": UserRole.READER, "bio__ne": "c"}, ["usr_002", "usr_004"]),
    ({"status": UserStatus.PENDING_VERIFICATION, "role": UserRole.READER}, ["usr_005"]),
    ({"email": "nobody@example.com"}, []),
], ids=lambda v: ",".join(v) if isinstance(v, dict) else None)
def test_list_and_count_filter_alike(five_users, filters, expected):
    with five_users() as uow:
        assert ids(uow.users.list(**filters)) == expected
        assert uow.users.count(**filters) == len(expected)


def test_datetime_filters_compare_instants_across_zones(five_users):
    india = timezone(timedelta(hours=5, minutes=30))
    with five_users() as uow:
        boundary = (T0 + timedelta(days=2)).astimezone(india)
        assert ids(uow.users.list(last_login_at__gte=boundary)) == ["usr_003", "usr_004"]


def test_order_by_descending_offset_and_limit(five_users):
    with five_users() as uow:
        by_login = uow.users.list(order_by=["-last_login_at", "id"])
        # newest first; users who never logged in come last whatever the direction
        assert ids(by_login) == ["usr_003", "usr_004", "usr_001", "usr_002", "usr_005"]
        ascending = uow.users.list(order_by=["last_login_at", "-id"])
        assert ids(ascending) == ["usr_001", "usr_004", "usr_003", "usr_005", "usr_002"]
        by_role = uow.users.list(order_by=["role", "-id"])
        assert ids(by_role) == ["usr_004", "usr_003", "usr_002", "usr_005", "usr_001"]
        page = uow.users.list(order_by=["-id"], offset=1, limit=2)
        assert ids(page) == ["usr_004", "usr_003"]
        assert ids(uow.users.list(offset=4, limit=10)) == ["usr_005"]
        assert uow.users.list(offset=5) == []
        assert ids(uow.users.list(limit=0)) == []


def test_get_by(five_users):
    with five_users() as uow:
        assert uow.users.get_by(email="user003@example.com").id == "usr_003"
        assert uow.users.get_by(role=UserRole.AUTHOR).id == "usr_002"
        assert uow.users.get_by(username="nobody") is None
        assert uow.users.get_by(for_update=True, username="user004").id == "usr_004"


def test_list_sees_uncommitted_changes_of_its_own_unit(five_users):
    with five_users() as uow:
        uow.users.get("usr_001").role = UserRole.AUTHOR
        uow.users.add(user(6, role=UserRole.AUTHOR))
        assert ids(uow.users.list(role=UserRole.AUTHOR)) == [
            "usr_001", "usr_002", "usr_003", "usr_006"]
        assert uow.users.count(role=UserRole.AUTHOR) == 4


def test_objects_read_twice_in_a_unit_are_the_same_object(five_users):
    with five_users() as uow:
        first = uow.users.get("usr_003")
        assert uow.users.get_by(username="user003") is first
        assert uow.users.list(role=UserRole.AUTHOR)[1] is first


# -- remove -------------------------------------------------------------------------------
def test_remove(five_users):
    uow = five_users()
    with uow:
        uow.users.remove(uow.users.get("usr_003"))
        assert "usr_003" not in ids(uow.users.list())
        uow.commit()

    with five_users() as uow:
        assert uow.users.get("usr_003") is None
        assert uow.users.count() == 4
        assert ids(uow.users.list(role=UserRole.AUTHOR)) == ["usr_002"]


def test_remove_without_commit_keeps_the_object(five_users):
    with five_users() as uow:
        uow.users.remove(uow.users.get("usr_003"))

    with five_users() as uow:
        assert uow.users.get("usr_003") is not None
        assert uow.users.count() == 5


# -- uniqueness ---------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["email", "username"])
def test_a_duplicate_unique_field_conflicts_and_the_first_row_survives(new_uow, field):
    store(new_uow, user(1, display_name="First"))
    duplicate = user(2, display_name="Second", **{field: getattr(user(1), field)})

    uow = new_uow()
    with uow:
        uow.users.add(duplicate)
        with pytest.raises(IntegrityConflict):
            uow.commit()

    with new_uow() as uow:
        assert uow.users.count() == 1
        survivor = uow.users.get_by(**{field: getattr(user(1), field)})
        assert (survivor.id, survivor.display_name) == ("usr_001", "First")
        assert uow.users.get("usr_002") is None


def test_a_duplicate_within_one_unit_conflicts_and_nothing_is_stored(new_uow):
    uow = new_uow()
    with uow:
        uow.users.add(user(1))
        uow.users.add(user(2, email=user(1).email))
        with pytest.raises(IntegrityConflict):
            uow.commit()

    with new_uow() as uow:
        assert uow.users.count() == 0


def test_an_update_onto_a_taken_value_conflicts(new_uow):
    store(new_uow, user(1), user(2))

    uow = new_uow()
    with uow:
        uow.users.get("usr_002").username = "user001"
        with pytest.raises(IntegrityConflict):
            uow.commit()

    with new_uow() as uow:
        assert uow.users.get("usr_002").username == "user002"


def test_a_unique_value_freed_by_a_removal_can_be_reused(new_uow):
    store(new_uow, user(1))

    uow = new_uow()
    with uow:
        uow.users.remove(uow.users.get("usr_001"))
        uow.commit()
    store(new_uow, user(2, email=user(1).email, username=user(1).username))

    with new_uow() as uow:
        assert uow.users.get_by(email=user(1).email).id == "usr_002"


def test_a_unit_that_failed_to_commit_can_be_used_again(new_uow):
    store(new_uow, user(1))
    uow = new_uow()
    with uow:
        uow.users.add(user(2, email=user(1).email))
        with pytest.raises(IntegrityConflict):
            uow.commit()
    with uow:
        uow.users.add(user(3))
        uow.commit()

    with new_uow() as other:
        assert ids(other.users.list()) == ["usr_001", "usr_003"]


# -- optimistic concurrency ---------------------------------------------------------------
def test_the_second_of_two_concurrent_writers_conflicts(new_uow):
    store(new_uow, user(1, display_name="Original"))

    first, second = new_uow(), new_uow()
    with first, second:
        mine = first.users.get("usr_001")
        theirs = second.users.get("usr_001")
        assert mine.version == theirs.version == 1
        mine.display_name = "First writer"
        theirs.display_name = "Second writer"
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()

    with new_uow() as uow:
        stored = uow.users.get("usr_001")
        assert stored.display_name == "First writer"
        assert stored.version == 2


def test_removing_an_object_changed_meanwhile_conflicts(new_uow):
    store(new_uow, user(1, display_name="Original"))

    first, second = new_uow(), new_uow()
    with first, second:
        first.users.get("usr_001").display_name = "Changed"
        second.users.remove(second.users.get("usr_001"))
        first.commit()
        with pytest.raises(ConcurrencyConflict):
            second.commit()

    with new_uow() as uow:
        assert uow.users.get("usr_001").display_name == "Changed"


def test_a_writer_that_reloads_after_the_other_commit_succeeds(new_uow):
    store(new_uow, user(1))

    first = new_uow()
    with first:
        first.users.get("usr_001").display_name = "One"
        first.commit()
    second = new_uow()
    with second:
        second.users.get("usr_001").display_name = "Two"
        second.commit()

    with new_uow() as uow:
        stored = uow.users.get("usr_001")
        assert (stored.display_name, stored.version) == ("Two", 3)


# -- after_commit -------------------------------------------------------------------------
def test_after_commit_callbacks_run_once_after_the_commit(new_uow):
    seen = []

    def look():
        with new_uow() as other:  # the write is visible to everyone by now
            seen.append(other.users.get("usr_001") is not None)

    uow = new_uow()
    with uow:
        uow.users.add(user(1))
        uow.after_commit(look)
        uow.after_commit(lambda: seen.append("second"))
        assert seen == []
        uow.commit()
        assert seen == [True, "second"]
        uow.commit()
    assert seen == [True, "second"]


def test_after_commit_callbacks_do_not_run_on_rollback(new_uow):
    ran = []
    uow = new_uow()
    with uow:
        uow.users.add(user(1))
        uow.after_commit(lambda: ran.append("rolled back"))
    assert ran == []

    with uow:  # the same unit used again forgets the callbacks of the abandoned block
        uow.users.add(user(2))
        uow.commit()
    assert ran == []


def test_after_commit_callbacks_do_not_run_when_the_commit_fails(new_uow):
    store(new_uow, user(1))
    ran = []
    uow = new_uow()
    with uow:
        uow.users.add(user(2, email=user(1).email))
        uow.after_commit(lambda: ran.append("sent"))
        with pytest.raises(IntegrityConflict):
            uow.commit()
    assert ran == []
