"""The command line, run as a real process: ask, ask --json, validate, and console mode."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.knowledge.loader import default_knowledge_dir, load_knowledge

REPO = Path(__file__).resolve().parents[1]


def run(
    *args: str, stdin: str = "", cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "KNOWLEDGE_DIR"}} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=120,
        check=False,
    )


def test_ask_json_answers_each_stdin_line_in_order() -> None:
    done = run("ask", "--json", stdin="tf or torch?\nlawyer salary in nyc?\n\n")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0
    assert [r["question"] for r in records] == ["tf or torch?", "lawyer salary in nyc?", ""]
    assert records[0] | {"score": 0} == {
        "question": "tf or torch?",
        "status": "answered",
        "id": "tensorflow-vs-pytorch",
        "score": 0,
        "suggestions": records[0]["suggestions"],
        "conversation": None,
    }
    assert records[0]["suggestions"][0] == "tensorflow-vs-pytorch"
    assert (records[1]["status"], records[1]["id"]) == ("unsure", None)
    assert records[2]["suggestions"] == []


def _json_lines(*lines: str | dict) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def test_ask_json_replays_conversations_given_as_json_lines() -> None:
    stdin = _json_lines(
        {"question": "can I switch into ML engineering from accounting?", "conversation": "alice"},
        {"question": "how is ML used in healthcare?", "conversation": 7},
        {"question": "why?", "conversation": "alice"},
        {"question": "and in banking?", "conversation": 7},
        "why?",  # plain text: a conversation of its own, so nothing to follow up
        {"question": "why?", "conversation": "bob"},
    )
    done = run("ask", "--json", stdin=stdin)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0, done.stderr
    assert [(r["conversation"], r["question"], r["id"]) for r in records] == [
        ("alice", "can I switch into ML engineering from accounting?", "switching-roles"),
        ("7", "how is ML used in healthcare?", "industry-healthcare"),
        ("alice", "why?", "switching-roles"),
        ("7", "and in banking?", "industry-finance"),
        (None, "why?", None),
        ("bob", "why?", None),
    ]


def test_ask_json_reports_a_json_line_without_a_question_and_goes_on() -> None:
    stdin = _json_lines({"conversation": "x"}, "{not json, so a question", {"question": "tf or torch?"})
    done = run("ask", "--json", stdin=stdin)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1
    assert records[0] == {"line": 1, "error": 'a JSON line needs "question": a string'}
    assert "line 1:" in done.stderr
    assert [r["question"] for r in records[1:]] == ["{not json, so a question", "tf or torch?"]
    assert records[2]["id"] == "tensorflow-vs-pytorch"


def test_ask_prints_the_formatted_answer() -> None:
    done = run("ask", "do I need a PhD?")
    entry = load_knowledge(default_knowledge_dir()).entry("masters-or-phd")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == entry.question
    assert "Related questions:" in done.stdout


def test_ask_explain_prints_what_decided_after_the_answer() -> None:
    done = run("ask", "--explain", "how much do ml enginers make in nyc?")
    assert done.returncode == 0, done.stderr
    answer, why = done.stdout.split("\nWhy this answer\n", 1)
    assert (
        answer.splitlines()[0] == load_knowledge(default_knowledge_dir()).entry("salary-by-location").question
    )
    lines = why.splitlines()
    assert lines[1].startswith("Answered with salary-by-location: rule confident")
    assert lines[2].startswith("Confidence 0.") and "(answers from " in lines[2]
    assert "Read past typos: enginers -> engineers" in why
    assert any(
        line.split()[:1] == ["nyc"] and line.endswith("B-") for line in lines
    )  # only the answer has it
    assert any(line.startswith("Runner-up: ") for line in lines)
    assert "Confidence model" in why


def test_ask_json_explain_adds_the_explanation_as_an_object() -> None:
    done = run("ask", "--json", "--explain", stdin="lawyer\n")
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["status"] == "unsure"
    assert record["explanation"]["rule"] == "not-sure"
    assert record["suggestions"] == []  # no entry shares a word with it, nor comes close by meaning
    assert record["explanation"]["best"]["entry_id"]  # the explanation still names the nearest it read
    assert record["explanation"]["words"][0] | {"weight": 0} == {
        "word": "lawyer",
        "weight": 0,
        "known": False,
        "in_best": False,
        "in_runner_up": False,
    }


def test_validate_reports_file_and_line_and_exits_1(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    faq = knowledge / "faq" / "tools.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("alternates:", "alternate:", 1), encoding="utf-8")

    broken = run("validate", str(knowledge))
    assert broken.returncode == 1
    assert "knowledge/faq/tools.yaml:" in broken.stdout
    assert "unknown key 'alternate' (did you mean 'alternates'?)" in broken.stdout
    assert run("validate").returncode == 0


def test_validate_refuses_an_invented_figure_naming_file_line_and_number(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    faq = knowledge / "faq" / "salary.yaml"
    text = faq.read_text(encoding="utf-8")
    line = text[: text.index("**$300,600**")].count("\n") + 1
    faq.write_text(text.replace("**$300,600**", "**$310,600**", 1), encoding="utf-8")

    refused = run("validate", str(knowledge))
    assert refused.returncode == 1
    assert f"knowledge/faq/salary.yaml:{line}: entry 'salary-comparison': 'answer' states '$310,600'" in (
        refused.stdout
    )


def test_validate_stale_lists_entries_citing_old_facts() -> None:
    listed = run("validate", "--stale", "24")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[1].endswith("cite facts older than 24 months, oldest first:")
    assert lines[2].startswith("  entry tool-scikit-learn: scikit-learn-history (2010, ")


def pets_knowledge(folder: Path) -> Path:
    (folder / "faq").mkdir(parents=True)
    (folder / "faq" / "pets.yaml").write_text(
        "entries:\n  - id: cats\n    question: Are cats good pets?\n    category: pets\n"
        "    answer: Cats are independent and affectionate companions.\n",
        encoding="utf-8",
    )
    return folder


def test_every_command_takes_a_knowledge_folder(tmp_path: Path) -> None:
    knowledge = pets_knowledge(tmp_path / "kb")
    done = run("ask", "--json", "--knowledge", str(knowledge), stdin="are cats good pets\n")
    assert json.loads(done.stdout)["id"] == "cats"


def test_knowledge_dir_from_dotenv_is_used_and_the_option_wins(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"KNOWLEDGE_DIR={pets_knowledge(tmp_path / 'kb')}\n", encoding="utf-8")

    from_dotenv = run("ask", "--json", "are cats good pets", cwd=tmp_path)
    from_option = run("ask", "--json", "--knowledge", str(REPO / "knowledge"), "tf or torch?", cwd=tmp_path)

    assert json.loads(from_dotenv.stdout)["id"] == "cats"
    assert json.loads(from_option.stdout)["id"] == "tensorflow-vs-pytorch"


def test_a_knowledge_dir_that_does_not_exist_is_a_configuration_error(tmp_path: Path) -> None:
    done = run("validate", env={"KNOWLEDGE_DIR": str(tmp_path / "missing")})
    assert done.returncode == 2
    assert "KNOWLEDGE_DIR must be an existing directory" in done.stderr


def test_without_a_token_the_bot_starts_the_console(tmp_path: Path) -> None:
    done = run(stdin="what is pytorch?\nquit\n", cwd=tmp_path)
    assert done.returncode == 0
    assert "No DISCORD_TOKEN set: starting the console chat" in done.stdout
    assert "PyTorch" in done.stdout


def test_an_unreachable_discord_is_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    """Port 9 on loopback has nothing listening: the connection is refused at once."""
    done = run(
        "run",
        cwd=tmp_path,
        env={
            "DISCORD_TOKEN": "not-a-real-token",
            "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
            "DATABASE_PATH": str(tmp_path / "careerbot.sqlite3"),
            "KNOWLEDGE_WATCH": "off",
            "LOG_LEVEL": "CRITICAL",
        },
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "careerbot could not run: could not reach Discord at http://127.0.0.1:9/api/v10 "
        + done.stderr.split("api/v10 ", 1)[1].strip()
    ]
    assert "check the network and DISCORD_API_BASE" in done.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    """`python -m bot ask --json < many | head -1`: no BrokenPipeError traceback."""
    questions = "what is keras?\n" * 2000
    reader = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "KNOWLEDGE_DIR"}},
    )
    assert reader.stdin is not None and reader.stdout is not None and reader.stderr is not None
    reader.stdin.write(questions.encode())
    reader.stdin.close()
    assert reader.stdout.readline().startswith(b"{")
    reader.stdout.close()
    assert reader.wait(timeout=120) == 0
    assert b"Traceback" not in reader.stderr.read()
