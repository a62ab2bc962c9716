"""Command line: run | ask | chat | validate | sync.

``python -m bot`` connects to Discord when DISCORD_TOKEN is set and otherwise
starts the console chat, which answers exactly as the bot would.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import Settings, SettingsError, load_settings
from bot.knowledge.errors import KnowledgeInvalid
from bot.knowledge.loader import load_knowledge, validate_knowledge
from bot.knowledge.staleness import DEFAULT_HORIZON_MONTHS, describe_age, stale_items
from bot.rendering.terminal import render_terminal
from bot.service import AnswerService, Question


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="knowledge folder (default: $KNOWLEDGE_DIR or the repository's knowledge/)",
    )
    parser = argparse.ArgumentParser(
        prog="careerbot", description="Career advice on AI vs ML engineering.", parents=[common]
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", parents=[common], help="connect to Discord (console chat when no token)")
    ask = commands.add_parser("ask", parents=[common], help="answer one question, or one per stdin line")
    ask.add_argument("question", nargs="?", help="the question; omit it to read questions from stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per question (a stable contract)")
    commands.add_parser("chat", parents=[common], help="talk to the bot in the terminal")
    validate = commands.add_parser("validate", parents=[common], help="check the knowledge files")
    validate.add_argument("directory", nargs="?", type=Path, help="knowledge folder to check")
    validate.add_argument(
        "--stale",
        nargs="?",
        type=int,
        const=DEFAULT_HORIZON_MONTHS,
        metavar="MONTHS",
        help=f"also list what cites facts older than MONTHS (default {DEFAULT_HORIZON_MONTHS}), oldest first",
    )
    sync = commands.add_parser("sync", parents=[common], help="register slash commands with Discord")
    sync.add_argument(
        "--guild", type=int, metavar="ID", help="sync to one guild (instant) instead of globally"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`python -m bot ask ... | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings_or_exit()
    knowledge: Path = getattr(args, "knowledge", None) or settings.knowledge_dir
    if args.command == "validate":
        return _validate(args.directory or knowledge, args.stale)
    try:
        service = AnswerService.load(knowledge)
    except KnowledgeInvalid as invalid:
        print(f"The knowledge in {knowledge} is invalid:", file=sys.stderr)
        for error in invalid.errors:
            print(error, file=sys.stderr)
        return 1
    if args.command == "ask":
        return _ask(service, args.question, as_json=args.json)
    if args.command == "chat":
        return _chat(service, sys.stdin, sys.stdout)
    if args.command == "sync":
        return _sync(settings, service, args.guild)
    return _run(settings, service)


def _validate(directory: Path, stale_months: int | None = None) -> int:
    errors = validate_knowledge(directory)
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} error(s) in {directory}", file=sys.stderr)
        return 1
    print(f"{directory}: valid")
    if stale_months is not None:
        items = stale_items(load_knowledge(directory), stale_months, datetime.date.today())
        print(f"{len(items)} entries and profiles cite facts older than {stale_months} months, oldest first:")
        for item in items:
            fact = item.oldest
            print(f"  {item.kind} {item.id}: {fact.id} ({fact.date}, {describe_age(item.months_old)} old)")
    return 0


def _ask(service: AnswerService, question: str | None, *, as_json: bool) -> int:
    questions = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in questions:
        answer = service.respond(Question(text))
        if as_json:
            record = {
                "question": text,
                "status": str(answer.status),
                "id": answer.entry_id,
                "score": answer.score,
                "suggestions": list(answer.candidate_ids),
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(render_terminal(answer, ansi=sys.stdout.isatty()), flush=True)
    return 0


def _chat(service: AnswerService, stdin: TextIO, stdout: TextIO) -> int:
    from bot.console import ConsoleChat

    return ConsoleChat(service, stdin, stdout).run()


def _settings_or_exit() -> Settings:
    """The environment and `.env`, validated; every command needs them, if only for KNOWLEDGE_DIR."""
    try:
        return load_settings()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def _run(settings: Settings, service: AnswerService) -> int:
    if not settings.discord_token:
        print(
            "No DISCORD_TOKEN set: starting the console chat. "
            "Put DISCORD_TOKEN in .env (see .env.example) to connect to Discord.\n"
        )
        return _chat(service, sys.stdin, sys.stdout)
    from bot.client import StartFailed, run_bot

    try:
        asyncio.run(run_bot(settings, service))
    except StartFailed as failed:
        print(f"careerbot could not run: {failed}", file=sys.stderr)
        return 1
    print("careerbot stopped.")
    return 0


def _sync(settings: Settings, service: AnswerService, guild_id: int | None) -> int:
    if not settings.discord_token:
        print("`sync` needs DISCORD_TOKEN (in the environment or .env).", file=sys.stderr)
        return 2
    from bot.client import StartFailed, sync_commands

    try:
        names = asyncio.run(sync_commands(settings, service, guild_id))
    except StartFailed as failed:
        print(f"Could not sync the commands: {failed}", file=sys.stderr)
        return 1
    where = f"guild {guild_id}" if guild_id else "every guild (global)"
    print(f"Synced {len(names)} command(s) to {where}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
