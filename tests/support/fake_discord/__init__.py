"""A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of the real discord.py client."""

from tests.support.fake_discord.server import FakeDiscord, RecordedFile, RecordedRequest

__all__ = ["FakeDiscord", "RecordedFile", "RecordedRequest"]
