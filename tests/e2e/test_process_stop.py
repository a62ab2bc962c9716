"""`python -m bot` as a real process against the fake Discord: SIGTERM and Ctrl-C stop it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.support.fake_discord import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60.0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_a_signal_stops_the_bot_cleanly(
    fake: FakeDiscord, tmp_path: Path, stop: signal.Signals
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "KNOWLEDGE_"))}
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={
            **environment,
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DATABASE_PATH": str(tmp_path / "careerbot.sqlite3"),
            "KNOWLEDGE_WATCH": "off",
            "LOG_LEVEL": "INFO",
        },
    )
    try:
        async with asyncio.timeout(LIMIT):
            while not fake.identifies:
                await asyncio.sleep(0.05)
        bot.send_signal(stop)
        out, err = await asyncio.wait_for(bot.communicate(), LIMIT)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    assert bot.returncode == 0, err.decode()
    assert out.decode().splitlines()[-1:] == ["careerbot stopped."]
    log = err.decode()
    assert "Traceback" not in log
    assert "Database closed" in log and log.index("Database closed") < log.index("Stopped")
    assert not (tmp_path / "careerbot.sqlite3-wal").exists()  # the last connection closed cleanly
    with sqlite3.connect(tmp_path / "careerbot.sqlite3") as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
