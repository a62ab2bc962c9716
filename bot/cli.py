"""Command line: run | ask | chat | validate | sync.

``python -m bot`` connects to Discord when DISCORD_TOKEN is set and otherwise
starts the console chat, which answers exactly as the bot would.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import Settings, SettingsError, load_settings
from bot.knowledge.errors import KnowledgeInvalid
from bot.knowledge.loader import knowledge_warnings, load_knowledge, validate_knowledge
from bot.knowledge.staleness import DEFAULT_HORIZON_MONTHS, describe_age, stale_items
from bot.matching.heap import settle_long_lived
from bot.moderation.journal import settle_before_loading
from bot.rendering.explanation import render_explanation
from bot.rendering.terminal import render_terminal
from bot.service import AnswerService, Question, conversation_key


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
    ask.add_argument(
        "--explain", action="store_true", help="also show what decided: words, candidates, confidence, rule"
    )
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
        return _validate(args.directory or knowledge, settings.knowledge_max_file_bytes, args.stale)
    try:
        settle_before_loading(knowledge)  # a /faq change a crash cut in two, so the knowledge loads
        service = AnswerService.load(
            knowledge,
            max_file_bytes=settings.knowledge_max_file_bytes,
            cache_dir=settings.matcher_cache_dir,
        )
    except KnowledgeInvalid as invalid:
        print(f"The knowledge in {knowledge} is invalid:", file=sys.stderr)
        for error in invalid.errors:
            print(error, file=sys.stderr)
        return 1
    if args.command in (None, "run", "chat") or (args.command == "ask" and args.question is None):
        settle_long_lived()  # a process that answers many questions (not one question, nor `sync`)
    if args.command == "ask":
        return _ask(service, args.question, as_json=args.json, explain=args.explain)
    if args.command == "chat":
        return _chat(service, sys.stdin, sys.stdout)
    if args.command == "sync":
        return _sync(settings, service, args.guild)
    return _run(settings, service)


def _validate(directory: Path, max_file_bytes: int, stale_months: int | None = None) -> int:
    """Errors (exit 1) and warnings (files probably misplaced, which do not block loading); with
    ``stale_months``, also the entries whose cited facts are older than that."""
    errors = validate_knowledge(directory, max_file_bytes=max_file_bytes)
    for error in errors:
        print(error)
    for warning in knowledge_warnings(directory):
        print(f"warning: {warning}")
    if errors:
        consequences = sum(1 for error in errors if error.follows_from)
        follow = f" ({consequences} of them follow from the others)" if consequences else ""
        print(f"{len(errors)} error(s) in {directory}{follow}", file=sys.stderr)
        return 1
    print(f"{directory}: valid")
    if stale_months is not None:
        items = stale_items(
            load_knowledge(directory, max_file_bytes=max_file_bytes), stale_months, datetime.date.today()
        )
        print(f"{len(items)} entries and profiles cite facts older than {stale_months} months, oldest first:")
        for item in items:
            fact = item.oldest
            print(f"  {item.kind} {item.id}: {fact.id} ({fact.date}, {describe_age(item.months_old)} old)")
    return 0


def _ask(service: AnswerService, question: str | None, *, as_json: bool, explain: bool = False) -> int:
    lines = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    failed = False
    for number, line in enumerate(lines, start=1):
        text, conversation = line, None
        if as_json and question is None:
            try:
                text, conversation = _json_line(line)
            except ValueError as error:
                print(f"line {number}: {error}", file=sys.stderr)
                print(json.dumps({"line": number, "error": str(error)}), flush=True)
                failed = True
                continue
        key = conversation_key("cli", conversation) if conversation is not None else None
        answer = service.respond(Question(text), conversation=key)
        if as_json:
            record = {
                "question": text,
                "status": str(answer.status),
                "id": answer.entry_id,
                "score": answer.score,
                "suggestions": list(answer.candidate_ids),
                "conversation": conversation,
            }
            if explain:
                record["explanation"] = dataclasses.asdict(service.explain(text))
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(render_terminal(answer, ansi=sys.stdout.isatty()), flush=True)
            if explain:
                print(render_explanation(service.explain(text)), flush=True)
    return 1 if failed else 0


def _json_line(line: str) -> tuple[str, str | None]:
    """A stdin line of ``ask --json``: plain text (a conversation of its own), or a JSON object
    ``{"question": "...", "conversation": "any-key"}`` whose lines with one key are one conversation.

    Only a line that parses as a JSON object is read as one, so a typed question starting with
    "{" is still a question; an object without a text "question" is an error (ValueError).
    """
    if not line.lstrip().startswith("{"):
        return line, None
    try:
        request = json.loads(line)
    except json.JSONDecodeError:
        return line, None
    if not isinstance(request, dict):
        return line, None
    question, conversation = request.get("question"), request.get("conversation")
    if not isinstance(question, str):
        raise ValueError('a JSON line needs "question": a string')
    if conversation is not None and not isinstance(conversation, str | int):
        raise ValueError('"conversation" must be a string (or a number), if given')
    return question, None if conversation is None else str(conversation)


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
