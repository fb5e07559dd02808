"""Configuration is read in one place; a bad setting stops start-up with one line naming it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from bot.config import ConfigError, Settings, normalize_database_url

from .conftest import REPO

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s3cr3t"}


def test_defaults_need_nothing() -> None:
    settings = Settings.from_env({})
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///srm.sqlite3"
    assert settings.port == 3000 and settings.log_level == "INFO"


def test_heroku_postgres_url_is_rewritten() -> None:
    assert normalize_database_url("postgres://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert Settings.from_env({"DATABASE_URL": "postgres://h/d"}).database_url == "postgresql+psycopg://h/d"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN is not set"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN must be a bot token"),
        ({**GOOD, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x"}, "not both"),
        ({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET is not set"),
    ],
)
def test_http_mode_requirements(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env).require_http()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "eighty"}, "PORT must be a number"),
        ({"PORT": "70000"}, "PORT must be a number"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL must be an http"),
    ],
)
def test_malformed_settings(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


def test_socket_mode_needs_an_app_token() -> None:
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN is not set"):
        Settings.from_env(GOOD).require_socket()
    with pytest.raises(ConfigError, match="starting with xapp-"):
        Settings.from_env({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong"}).require_socket()


def test_oauth_mode() -> None:
    settings = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"})
    settings.require_http()
    assert settings.oauth


def test_serve_with_a_missing_setting_prints_one_line(tmp_path: object) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], env=env, capture_output=True, text=True,
                          timeout=60, cwd=str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "srm: SLACK_SIGNING_SECRET is not set (Basic Information > App Credentials)"]


def test_manifest_matches_the_code() -> None:
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text())
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) >= {"app_mention", "message.im", "app_home_opened"}
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/srm"]
    from bot.slack.installations import BOT_SCOPES

    assert manifest["oauth_config"]["scopes"]["bot"] == list(BOT_SCOPES)
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_the_app_refuses_to_start_on_an_invalid_knowledge_base(tmp_path: object) -> None:
    import shutil
    from pathlib import Path

    root = Path(str(tmp_path)) / "knowledge"
    shutil.copytree(REPO / "knowledge", root)
    rds = root / "services" / "rds.yaml"
    rds.write_text(rds.read_text().replace("owner: aws", "owner: amazon", 1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(SRM_KNOWLEDGE_DIR=str(root), SLACK_BOT_TOKEN="xoxb-1-2-abc", SLACK_SIGNING_SECRET="s",
               DATABASE_URL=f"sqlite:///{tmp_path}/srm.sqlite3")
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "serve"], env=env, capture_output=True, text=True,
                          timeout=60, cwd=str(tmp_path))
    assert proc.returncode == 1
    assert "knowledge/services/rds.yaml:" in proc.stderr and "owner: must be one of" in proc.stderr
