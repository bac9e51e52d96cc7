"""config.yaml loading: valid configs become typed settings; every bad one is one clear line, exit 2."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from policywatch.cli import cli
from policywatch.config import ConfigError, load_config

VALID = """\
database: sqlite:///data/pw.db
crawler:
  allow_private_networks: false
  concurrency: 8
alerts:
  min_level: material
  viewer_url: http://127.0.0.1:8080
  email:
    host: smtp.example.org
    port: 587
    security: starttls
    username: alerts@example.org
    password_env: POLICYWATCH_SMTP_PASSWORD
    from: alerts@example.org
    to: [dpo@example.org]
  webhooks:
    - name: team-chat
      url: https://hooks.example.org/T000/B000
      format: slack
      secret_env: POLICYWATCH_WEBHOOK_SECRET
watches:
  - name: Ionect
    url: https://ionect.tech/privacy-policy
    every: 6h
    notify: [email, team-chat]
  - name: Imageplus
    url: https://imageplus.be/en/privacy/
    cron: "0 */6 * * *"
    select: main
    remove: [".cookie", "#share"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_config_is_typed(tmp_path):
    config = load_config(write(tmp_path, VALID))
    assert config.database == f"sqlite:///{(tmp_path / 'data' / 'pw.db').resolve()}"
    assert config.crawler.concurrency == 8 and config.crawler.allow_private_networks is False
    assert config.alerts.min_level == "material"
    assert config.alerts.email.to == ("dpo@example.org",) and config.alerts.email.sender == "alerts@example.org"
    assert config.alerts.webhooks[0].format == "slack"
    ionect, imageplus = config.watches
    assert ionect.every == timedelta(hours=6) and ionect.notify == ("email", "team-chat")
    assert imageplus.cron == "0 */6 * * *" and imageplus.every is None
    assert imageplus.select == ("main",) and imageplus.remove == (".cookie", "#share")


def test_defaults(tmp_path):
    config = load_config(write(tmp_path, "watches:\n  - name: A\n    url: https://a.example/p\n"))
    assert config.watches[0].every == timedelta(hours=6)
    assert config.alerts.min_level == "minor"
    assert config.crawler.timeout == 30 and config.crawler.max_size == 5 * 1024 * 1024
    assert config.database.endswith("/policywatch.db")


@pytest.mark.parametrize(
    "text, line, expected",
    [
        (
            "watches:\n  - name: A\n    url: https://a.example/\n    evry: 6h\n",
            4,
            "watches[0].evry: unknown key (did you mean 'every'?)",
        ),
        ("databse: sqlite:///x.db\nwatches: []\n", 1, "databse: unknown key (did you mean 'database'?)"),
        (
            "watches:\n  - name: A\n    url: https://a.example/\n  - name: A\n    url: https://b.example/\n",
            4,
            "watches[1].name: duplicate watch name 'A' (first used on line 2)",
        ),
        (
            "watches:\n  - name: A\n    url: ftp://a.example/policy\n",
            3,
            "watches[0].url: only http and https URLs are fetched, not 'ftp'",
        ),
        ("watches:\n  - name: A\n    url: file:///etc/passwd\n", 3, "watches[0].url: only http and https"),
        (
            "watches:\n  - name: A\n    url: https://a.example/\n    every: often\n",
            4,
            "watches[0].every: expected a duration like 30s, 15m, 6h or 1d, not 'often'",
        ),
        ("watches:\n  - name: A\n", 2, "watches[0].url: required key is missing"),
        ("crawler:\n  concurrency: many\nwatches: []\n", 2, "crawler.concurrency: expected a whole number"),
        ("crawler:\n  robots_cache: [a]\nwatches: []\n", 2, "crawler.robots_cache: expected a single value"),
        (
            "alerts:\n  min_level: major\nwatches: []\n",
            2,
            "alerts.min_level: must be one of none, minor, material, not 'major'",
        ),
        (
            "watches:\n  - name: A\n    url: https://a.example/\n    notify: [slack]\n",
            4,
            "watches[0].notify: unknown destination 'slack'",
        ),
        (
            "alerts:\n  email:\n    host: h\n    from: a@b.c\n    to: [x@y.z]\n    password_env: hunter2!\n"
            "watches: []\n",
            6,
            "alerts.email.password_env: must name an environment variable",
        ),
        (
            "watches:\n  - name: A\n    url: https://a.example/\n    cron: every day\n",
            4,
            "watches[0].cron: invalid cron expression",
        ),
        (
            "watches:\n  - name: A\n    url: https://a.example/\n    select: 'div[[['\n",
            4,
            "watches[0].select: invalid CSS selector",
        ),
    ],
)
def test_bad_config_names_file_line_and_key(tmp_path, text, line, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert expected in message
    assert "\n" not in message


def test_yaml_syntax_error_has_a_line(tmp_path):
    path = write(tmp_path, "watches:\n  - name: A\n    url: [unclosed\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:") and "YAML syntax error" in str(info.value)
    assert info.value.line is not None


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text",
    [
        None,  # missing file
        "watches:\n  - name: A\n    url: [unclosed\n",
        "watches:\n  - name: A\n    url: https://a.example/\n    evry: 6h\n",
        "watches:\n  - name: A\n    url: https://a.example/\n  - name: A\n    url: https://b.example/\n",
        "watches:\n  - name: A\n    url: gopher://a.example/\n",
    ],
)
def test_cli_exits_2_with_one_line(tmp_path, text):
    path = tmp_path / "config.yaml"
    if text is not None:
        path.write_text(text)
    result = CliRunner().invoke(cli, ["--config", str(path), "check"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0], result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.slow
def test_no_traceback_from_the_real_command(tmp_path):
    path = write(tmp_path, "watches:\n  - name: A\n    url: https://a.example/\n    evry: 6h\n")
    proc = subprocess.run(
        [sys.executable, "-m", "policywatch", "--config", str(path), "watches"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"Error: {path}:4: watches[0].evry: unknown key (did you mean 'every'?)"


def test_config_from_environment(tmp_path, monkeypatch):
    path = write(tmp_path, "watches:\n  - name: A\n    url: https://a.example/\n    evry: 1d\n")
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(path))
    result = CliRunner().invoke(cli, ["watches"])
    assert result.exit_code == 2 and str(path) in result.output


def test_unknown_watch_name_is_usage_error(tmp_path):
    path = write(tmp_path, "database: sqlite:///pw.db\nwatches:\n  - name: Ionect\n    url: https://a.example/\n")
    result = CliRunner().invoke(cli, ["--config", str(path), "history", "Ionet"])
    assert result.exit_code == 2 and "did you mean 'Ionect'" in result.output


def test_credentials_in_a_watch_url_are_refused_without_echoing_them(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("watches:\n  - name: a\n    url: https://alice:hunter2@example.org/privacy\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "config.yaml:3: watches[0].url: a user name or password in the URL is not supported" in message
    assert "hunter2" not in message and "alice" not in message


def test_every_command_help_shows_an_example():
    commands = [c for c in cli.commands]
    subcommands = [(group, name) for group in ("alerts", "db") for name in cli.commands[group].commands]
    runner = CliRunner()
    for args in [[c] for c in commands] + [list(pair) for pair in subcommands]:
        result = runner.invoke(cli, [*args, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, args


# -- the first hour: warnings, hints and init -----------------------------------------------------


def _cli(tmp_path, text: str, *args: str):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["--config", str(path), *args])


@pytest.mark.parametrize(
    "watches, warning",
    [
        ("  - {name: A, url: 'http://127.0.0.1:9/a', every: 30s}\n", "more than once a minute"),
        (
            "  - {name: A, url: 'http://127.0.0.1:9/a'}\n  - {name: B, url: 'http://127.0.0.1:9/a'}\n",
            "watches the same URL as 'A'",
        ),
        (
            "  - {name: Acme, url: 'http://127.0.0.1:9/a'}\n  - {name: ACME, url: 'http://127.0.0.1:9/b'}\n",
            "differ only in case",
        ),
        ("  - {name: A, url: 'http://127.0.0.1:9/privacy policy'}\n", "fetched as http://127.0.0.1:9/privacy%20policy"),
    ],
)
def test_likely_mistakes_are_accepted_with_a_warning(tmp_path, watches, warning):
    result = _cli(tmp_path, "watches:\n" + watches, "watches")
    assert result.exit_code == 0, result.output
    assert warning in result.output and ": warning: " in result.output


@pytest.mark.parametrize(
    "watches",
    [
        "  - {name: A, url: 'http://127.0.0.1:9/a', every: 1m}\n",
        "  - {name: A, url: 'http://127.0.0.1:9/a'}\n  - {name: B, url: 'http://127.0.0.1:9/a', select: main}\n",
        "  - {name: Acme, url: 'http://127.0.0.1:9/a'}\n  - {name: Acne, url: 'http://127.0.0.1:9/b'}\n",
        "  - {name: A, url: 'http://127.0.0.1:9/privacy%20policy'}\n",
    ],
)
def test_look_alikes_of_those_mistakes_get_no_warning(tmp_path, watches):
    result = _cli(tmp_path, "watches:\n" + watches, "watches")
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_postgres_spelling_gets_a_hint(tmp_path):
    result = _cli(tmp_path, "database: postgres://u@localhost/pw\nwatches: []\n", "watches")
    assert result.exit_code == 2 and "postgresql+psycopg://" in result.output


def test_a_missing_config_points_to_init(tmp_path):
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "nothing.yaml"), "watches"])
    assert result.exit_code == 2 and "policywatch init" in result.output


def test_init_writes_into_a_folder_and_never_overwrites_without_being_told(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    first = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.yaml"), "init", str(folder)])
    assert first.exit_code == 0 and (folder / "config.yaml").exists()
    assert f"cd {folder} && policywatch check" in first.output
    load_config(folder / "config.yaml")  # the starter is a working config
    again = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.yaml"), "init", str(folder)])
    assert again.exit_code == 2 and "already exists" in again.output and "--force" in again.output
    forced = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.yaml"), "init", str(folder), "--force"])
    assert forced.exit_code == 0


def test_init_makes_a_missing_folder_and_takes_a_yaml_path_as_the_file(tmp_path):
    new = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.yaml"), "init", str(tmp_path / "a" / "b")])
    assert new.exit_code == 0 and (tmp_path / "a" / "b" / "config.yaml").is_file()
    named = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.yaml"), "init", str(tmp_path / "mine.yml")])
    assert named.exit_code == 0 and (tmp_path / "mine.yml").is_file()
    assert f"policywatch --config {tmp_path / 'mine.yml'} check" in named.output


def test_many_watches_with_the_same_mistake_give_one_warning(tmp_path):
    watches = "".join(f"  - {{name: W{i}, url: 'http://127.0.0.1:9/{i}', every: 5s}}\n" for i in range(500))
    result = _cli(tmp_path, "watches:\n" + watches, "watches", "--json")
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "(and 499 more like it)" in warnings[0]
