"""The composition root picks adapters by settings alone."""

import dataclasses

import pytest

from ownverso.container import build_container
from ownverso.domain.accounts.tiers import PlatformTier
from ownverso.settings import Settings

EVERY_VARIABLE = [f.name.upper() for f in dataclasses.fields(Settings)] + ["OWNVERSO_ENV"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in EVERY_VARIABLE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_test_container_is_built_on_the_in_memory_suite():
    container = build_container(env="test")

    assert type(container.mailer()).__name__ == "InMemoryMailer"
    assert type(container.storage()).__name__ == "InMemoryFileStorage"
    assert type(container.jobs()).__name__ == "InlineJobQueue"
    assert type(container.clock()).__name__ == "FixedClock"
    assert type(container.ids()).__name__ == "SequentialIds"
    assert type(container.database()).__name__ == "InMemoryDatabase"
    assert type(container.uow()).__name__ == "InMemoryUnitOfWork"


def test_the_test_container_has_the_tier_limits_seeded():
    container = build_container(env="test")

    with container.uow() as uow:
        limits = uow.tier_limits.list()
        free = uow.tier_limits.get_by(tier=PlatformTier.FREE)

    assert sorted(row.tier for row in limits) == sorted(PlatformTier)
    assert free.max_series == 3


def test_two_test_containers_share_nothing():
    first, second = build_container(env="test"), build_container(env="test")

    first.storage().save("a/b.txt", b"x", content_type="text/plain")

    assert first.mailer() is not second.mailer()
    assert not second.storage().exists("a/b.txt")
    assert second.ids().new_id("usr") == "usr_000001"


def test_services_are_made_fresh_while_adapters_are_shared():
    container = build_container(env="test")

    assert container.accounts() is not container.accounts()
    assert container.accounts().storage is container.storage()


def test_the_development_container_uses_the_embedded_default_under_var_dir(tmp_path):
    container = build_container(env="development", var_dir=str(tmp_path))

    mailer, storage = container.mailer(), container.storage()
    assert type(mailer).__name__ == "OutboxMailer"
    assert type(storage).__name__ == "LocalFileStorage"
    assert storage.root == tmp_path.resolve() / "media"
    assert type(container.jobs()).__name__ == "InlineJobQueue"
    assert type(container.clock()).__name__ == "SystemClock"
    assert type(container.ids()).__name__ == "RandomIds"
    assert type(container.uow()).__name__ == "SqlUnitOfWork"
    engine = container.engine()
    assert engine.dialect.name == "sqlite"
    assert engine.url.database == str(tmp_path.resolve() / "ownverso.db")
    engine.dispose()


def test_keyword_overrides_replace_single_settings():
    container = build_container(env="test", max_avatar_bytes=2048, public_url="https://x.test")

    settings = container.settings()
    assert settings.max_avatar_bytes == 2048
    assert settings.public_url == "https://x.test"
    assert settings.persistence == "memory"
