"""Settings: config files per environment, environment variables over them, strict production."""

import dataclasses

import pytest

from ownverso.settings import ConfigError, Settings, load_settings

EVERY_VARIABLE = [f.name.upper() for f in dataclasses.fields(Settings)] + ["OWNVERSO_ENV"]
PRODUCTION = {
    "SECRET_KEY": "s" * 48,
    "DATABASE_URL": "postgresql+psycopg://ownverso:pw@db.internal/ownverso",
    "PUBLIC_URL": "https://api.ownverso.example",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "S3_BUCKET": "ownverso-media",
    "SMTP_HOST": "smtp.internal",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No setting leaks in from the shell; anything written lands in a temporary folder."""
    for name in EVERY_VARIABLE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_test_environment_is_entirely_in_memory():
    settings = load_settings("test")

    assert settings.env == "test"
    assert (settings.persistence, settings.jobs_backend, settings.mail_backend,
            settings.storage_backend, settings.rate_limit_backend) == (
        "memory", "inline", "memory", "memory", "memory")
    assert (settings.clock, settings.ids) == ("fixed", "sequential")
    assert settings.secret_key  # a fixed one, so tokens can be signed


def test_the_environment_comes_from_ownverso_env_when_not_given(monkeypatch):
    monkeypatch.setenv("OWNVERSO_ENV", "test")

    assert load_settings().env == "test"


def test_with_nothing_set_development_runs_on_the_embedded_default(tmp_path):
    settings = load_settings("development", var_dir=str(tmp_path))

    assert settings.persistence == "sql"
    assert settings.sql_url == f"sqlite:///{tmp_path.resolve() / 'ownverso.db'}"
    assert settings.is_embedded_sqlite
    assert (settings.jobs_backend, settings.mail_backend, settings.storage_backend) == (
        "inline", "outbox", "local")
    assert (tmp_path / "secret_key").read_text().strip() == settings.secret_key


def test_the_local_secret_key_survives_a_restart(tmp_path):
    first = load_settings("development", var_dir=str(tmp_path)).secret_key

    assert load_settings("development", var_dir=str(tmp_path)).secret_key == first


def test_environment_variables_override_the_config_files(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/ownverso")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/2")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("SMTP_STARTTLS", "off")
    monkeypatch.setenv("MAX_AVATAR_BYTES", "4096")
    monkeypatch.setenv("PERSISTENCE", "sql")

    settings = load_settings("test")

    assert settings.database_url == "postgresql://u:p@db/ownverso"
    assert settings.sql_url == "postgresql://u:p@db/ownverso"
    assert settings.redis_url == "redis://cache:6379/2"
    assert settings.smtp_port == 2525
    assert settings.smtp_starttls is False
    assert settings.max_avatar_bytes == 4096
    assert settings.persistence == "sql"


def test_keyword_overrides_win_over_environment_variables(monkeypatch):
    monkeypatch.setenv("MAX_AVATAR_BYTES", "4096")

    assert load_settings("test", max_avatar_bytes=2048).max_avatar_bytes == 2048


def test_a_bad_boolean_variable_names_the_variable(monkeypatch):
    monkeypatch.setenv("LOG_JSON", "perhaps")

    with pytest.raises(ConfigError, match="LOG_JSON") as caught:
        load_settings("test")

    assert "perhaps" in str(caught.value)


def test_a_bad_number_variable_names_the_variable(monkeypatch):
    monkeypatch.setenv("SMTP_PORT", "twenty-five")

    with pytest.raises(ConfigError, match="SMTP_PORT"):
        load_settings("test")


def test_an_unknown_backend_names_the_setting_and_the_choices(monkeypatch):
    monkeypatch.setenv("STORAGE_BACKEND", "floppy")

    with pytest.raises(ConfigError, match="STORAGE_BACKEND must be one of local, memory, s3"):
        load_settings("test")


def test_an_unknown_ownverso_env_is_refused(monkeypatch):
    monkeypatch.setenv("OWNVERSO_ENV", "staging")

    with pytest.raises(ConfigError, match="OWNVERSO_ENV") as caught:
        load_settings()

    assert "staging" in str(caught.value)


def test_an_unknown_setting_is_refused():
    with pytest.raises(ConfigError, match="Unknown settings: colour"):
        load_settings("test", colour="blue")


def test_production_with_nothing_set_names_every_missing_setting():
    with pytest.raises(ConfigError) as caught:
        load_settings("production")

    message = str(caught.value)
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "S3_BUCKET", "SMTP_HOST"):
        assert name in message


def test_production_refuses_a_short_secret_and_a_sqlite_database(monkeypatch):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/ownverso.db")

    with pytest.raises(ConfigError) as caught:
        load_settings("production")

    message = str(caught.value)
    assert "SECRET_KEY" in message and "DATABASE_URL" in message
    assert "REDIS_URL" not in message and "S3_BUCKET" not in message


def test_production_refuses_the_test_doubles(monkeypatch):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CLOCK", "fixed")

    with pytest.raises(ConfigError, match="PERSISTENCE/CLOCK/IDS"):
        load_settings("production")


def test_production_with_everything_set_loads(monkeypatch):
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)

    settings = load_settings("production")

    assert settings.env == "production"
    assert settings.secret_key == PRODUCTION["SECRET_KEY"]
    assert settings.sql_url == PRODUCTION["DATABASE_URL"]
    assert (settings.jobs_backend, settings.mail_backend, settings.storage_backend,
            settings.rate_limit_backend) == ("rq", "smtp", "s3", "redis")
    assert (settings.clock, settings.ids, settings.persistence) == ("system", "random", "sql")
