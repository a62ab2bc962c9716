from tests.support.fake_discord.running import answer_service, careerbot, fake, start_careerbot  # noqa: F401
from tests.support.postgres import postgres_server  # noqa: F401
