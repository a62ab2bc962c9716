from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.knowledge.errors import KnowledgeError
from bot.moderation import desk as desk_module
from bot.moderation.access import IN_DM, NOT_EDITOR_GUILD, NOT_MODERATOR
from bot.moderation.gaps import group_gaps
from bot.ui import moderation_texts
from bot.ui.replies import APOLOGY
from tests.support.harness import CALLBACK_REPLY, GUILD_ID, Harness, SpecViolation, check_message_payload
from tests.support.moderation_driver import (
    AUDIT_CHANNEL_ID,
    MANAGE_GUILD,
    MODERATOR_ROLE_ID,
    OTHER_GUILD_ID,
    attachment_payload,
    click,
    faq,
    faq_harness,
    log_question,
    serve_attachments,
    submit_modal,
)

CALLBACK_MODAL = 9
CALLBACK_DEFERRED = 5
CALLBACK_DEFERRED_UPDATE = 6
REFUSALS = (IN_DM, NOT_EDITOR_GUILD, NOT_MODERATOR)

#: Every /faq command with options that make it do its work when allowed.
COMMANDS = {
    "reload": {},
    "show": {"id": "salary-by-location"},
    "export": {},
    "add": {},
    "edit": {"id": "salary-by-location"},
    "remove": {"id": "salary-by-location"},
    "import": {},
    "undo": {},
    "synonym add": {"term": "rust", "variants": "rustlang"},
    "synonym remove": {"term": "salary", "variants": "tc"},
    "gaps": {},
    "stats": {},
    "channels": {},
    "stale": {},
}

#: (who, roles, permissions, guild) -> the refusal they get, None when allowed.
MEMBERS = {
    "plain member": ((), 0, "editor", NOT_MODERATOR),
    "moderator role": ((MODERATOR_ROLE_ID,), 0, "editor", None),
    "manage server": ((), MANAGE_GUILD, "editor", None),
    "manage server, other guild": ((), MANAGE_GUILD, "other", NOT_EDITOR_GUILD),
    "moderator role, other guild": ((MODERATOR_ROLE_ID,), 0, "other", NOT_EDITOR_GUILD),
    "dm": ((MODERATOR_ROLE_ID,), MANAGE_GUILD, "dm", IN_DM),
}


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[Harness, Path]]:
    async with faq_harness(tmp_path) as pair:
        yield pair


def test_the_matrix_covers_every_faq_command(running: tuple[Harness, Path]) -> None:
    harness, _ = running
    assert harness.bot.get_cog("FaqAdmin") is not None
    group = harness.bot.tree.get_command("faq")
    names = {command.qualified_name.removeprefix("faq ") for command in group.walk_commands()}
    names -= {"synonym"}
    assert names == set(COMMANDS)


@pytest.mark.parametrize("member", sorted(MEMBERS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
async def test_permission_matrix(running: tuple[Harness, Path], command: str, member: str) -> None:
    harness, knowledge = running
    roles, permissions, where, refusal = MEMBERS[member]
    guild_id = {"editor": GUILD_ID, "other": OTHER_GUILD_ID, "dm": None}[where]
    before = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    attachment = None
    if command == "import":
        data = (knowledge / "faq" / "salary.yaml").read_bytes()
        attachment = attachment_payload(harness, "salary.yaml", data)
        serve_attachments(harness, {attachment["url"]: data})

    sent = await faq(
        harness,
        command,
        COMMANDS[command],
        roles=roles,
        permissions=permissions,
        guild_id=guild_id,
        attachment=attachment,
    )

    first = sent[0]
    if refusal is not None:
        assert len(sent) == 1
        assert first.callback_type == CALLBACK_REPLY and first.ephemeral
        assert first.content == refusal
        assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == before
    else:
        assert all(s.content not in REFUSALS for s in sent)
        assert all(s.content != APOLOGY for s in sent)
        assert first.callback_type == CALLBACK_MODAL or first.ephemeral


async def test_reload_with_a_broken_file_keeps_answers_and_names_file_and_line(
    running: tuple[Harness, Path],
) -> None:
    harness, knowledge = running
    served = harness.bot.service.snapshot
    (knowledge / "faq" / "tools.yaml").write_text("entries:\n  - id: [broken\n")

    defer, reply = await faq(harness, "reload")

    assert defer.callback_type == CALLBACK_DEFERRED and defer.ephemeral
    assert reply.content.startswith("Reload refused: still serving the previous knowledge.")
    assert "knowledge/faq/tools.yaml:3: invalid YAML" in reply.content
    assert harness.bot.service.snapshot is served


async def test_edit_opens_a_prefilled_form_and_saves_only_what_changed(running: tuple[Harness, Path]) -> None:
    harness, knowledge = running
    path = knowledge / "faq" / "salary.yaml"
    before = path.read_text()

    (modal,) = await faq(harness, "edit", {"id": "salary-by-location"})
    assert modal.callback_type == CALLBACK_MODAL
    assert len(modal.body["data"]["title"]) <= 45
    inputs = [row["components"][0] for row in modal.body["data"]["components"]]
    assert len(inputs) == 5
    assert inputs[0]["value"] == "How does AI and ML engineer pay differ by location?"

    defer, saved = await submit_modal(harness, modal, {"Question": "Where do AI engineers earn most?"})

    assert defer.callback_type == CALLBACK_DEFERRED  # answered at once; the save follows
    assert saved.ephemeral and saved.content.startswith("Saved as change #1: edited 'salary-by-location'")
    after = path.read_text()
    assert after == before.replace(
        "question: How does AI and ML engineer pay differ by location?",
        "question: Where do AI engineers earn most?",
    )
    entry = harness.bot.service.snapshot.entry("salary-by-location")
    assert entry.question == "Where do AI engineers earn most?"


async def test_an_invalid_form_is_refused_with_the_reason(running: tuple[Harness, Path]) -> None:
    harness, knowledge = running
    before = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    (modal,) = await faq(harness, "add")
    _, reply = await submit_modal(
        harness,
        modal,
        {"Question": "Pay?", "Answer": "About $150,000 a year.", "Category": "salary"},
    )
    assert reply.content.startswith("Not saved: the change would make the knowledge invalid.")
    assert "knowledge/faq/salary.yaml:" in reply.content and "cites no 'facts'" in reply.content
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == before


async def test_synonyms_are_removed_and_undo_brings_them_back(running: tuple[Harness, Path]) -> None:
    harness, _ = running
    await faq(harness, "synonym add", {"term": "rust", "variants": "rustlang, rust lang"})
    assert harness.bot.service.snapshot.synonyms["rust"] == ("rustlang", "rust lang")

    _, removed = await faq(harness, "synonym remove", {"term": "rust"})
    assert "synonyms of 'rust' removed" in removed.content
    assert "rust" not in harness.bot.service.snapshot.synonyms
    _, undone = await faq(harness, "undo")
    assert "undid #2" in undone.content
    assert harness.bot.service.snapshot.synonyms["rust"] == ("rustlang", "rust lang")


async def add_a_short_entry(harness: Harness) -> None:
    """Adds 'is-rust-worth-learning' to skills through /faq add and its modal."""
    (modal,) = await faq(harness, "add")
    await submit_modal(
        harness, modal, {"Question": "Is Rust worth learning?", "Answer": "Maybe.", "Category": "skills"}
    )


async def test_remove_needs_the_confirm_button(running: tuple[Harness, Path]) -> None:
    harness, knowledge = running
    await add_a_short_entry(harness)
    (prompt,) = await faq(harness, "remove", {"id": "is-rust-worth-learning"})
    assert harness.bot.service.snapshot.entry("is-rust-worth-learning") is not None
    confirm = next(cid for cid in prompt.custom_ids() if prompt.component(cid)["label"] == "Remove")
    defer, done = await click(harness, prompt, confirm)
    assert defer.callback_type == CALLBACK_DEFERRED_UPDATE  # the click is answered before the change
    assert "removed 'is-rust-worth-learning'" in done.content
    assert harness.bot.service.snapshot.entry("is-rust-worth-learning") is None
    assert b"is-rust-worth-learning" not in (knowledge / "faq" / "skills.yaml").read_bytes()


async def test_show_and_export(running: tuple[Harness, Path]) -> None:
    harness, knowledge = running
    await add_a_short_entry(harness)
    (short,) = await faq(harness, "show", {"id": "is-rust-worth-learning"})
    assert short.content.startswith("```yaml\n- id: is-rust-worth-learning\n")
    (long,) = await faq(harness, "show", {"id": "bot-help"})
    ((name, data),) = long.files
    assert name == "bot-help.yaml" and data.startswith(b"- id: bot-help\n")
    (exported,) = await faq(harness, "export")
    ((name, data),) = exported.files
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("faq/salary.yaml") == (knowledge / "faq" / "salary.yaml").read_bytes()
        assert "synonyms.yaml" in archive.namelist()


async def test_import_previews_then_applies_on_confirm(running: tuple[Harness, Path]) -> None:
    harness, knowledge = running
    path = knowledge / "faq" / "salary.yaml"
    edited = path.read_bytes().replace(
        b"question: How does AI and ML engineer pay", b"question: How does pay"
    )
    attachment = attachment_payload(harness, "salary.yaml", edited)
    serve_attachments(harness, {attachment["url"]: edited})

    defer, preview = await faq(harness, "import", attachment=attachment)
    assert defer.callback_type == 5
    assert "entrys" not in preview.content and "`salary-by-location`" in preview.content
    assert path.read_bytes() != edited
    apply = next(cid for cid in preview.custom_ids() if preview.component(cid)["label"] == "Apply")
    _, done = await click(harness, preview, apply)
    assert "imported faq/salary.yaml" in done.content
    assert path.read_bytes() == edited


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("salary.yaml", b"entries: [\n", "invalid YAML"),
        ("salary.yaml", b"entries:\n  - id: x\n    questoin: Q\n", "questoin"),
        ("salary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        ("notes.txt", b"entries: []\n", "not a knowledge file name"),
    ],
)
async def test_a_bad_import_is_refused_and_writes_nothing(
    running: tuple[Harness, Path], filename: str, data: bytes, message: str
) -> None:
    harness, knowledge = running
    before = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    attachment = attachment_payload(harness, filename, data)
    serve_attachments(harness, {attachment["url"]: data})
    sent = await faq(harness, "import", attachment=attachment)
    assert message in sent[-1].content
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == before


async def test_a_huge_import_is_refused_before_downloading(running: tuple[Harness, Path]) -> None:
    harness, _ = running
    attachment = {**attachment_payload(harness, "salary.yaml", b""), "size": 50_000_000}
    serve_attachments(harness, {})
    (reply,) = await faq(harness, "import", attachment=attachment)
    assert "at most" in reply.content


async def test_gaps_groups_paraphrases_and_adds_one_as_an_alternate(running: tuple[Harness, Path]) -> None:
    harness, _ = running
    for question in (
        "Do AI engineers need Rust?",
        "do ai engineers need rust",
        "Is Rust needed for AI engineers?",
    ):
        await log_question(harness, question)
    await log_question(harness, "Can I become an astronaut?")

    defer, listing = await faq(harness, "gaps", {"days": 7})
    assert defer.callback_type == 5
    (embed,) = listing.embeds
    assert embed["description"].startswith("**1.** 3× “")
    assert "**2.** 1× “Can I become an astronaut?”" in embed["description"]

    select = listing.custom_ids()[0]
    (actions,) = await click(harness, listing, select, values=["0"])
    options = actions.component(actions.custom_ids()[0])["options"]
    target = options[0]["value"]
    _, saved = await click(harness, actions, actions.custom_ids()[0], values=[target])
    assert "added an alternate" in saved.content
    assert any("rust" in a.lower() for a in harness.bot.service.snapshot.entry(target).alternates)


async def test_stats_counts_questions_and_votes(running: tuple[Harness, Path]) -> None:
    harness, _ = running
    await log_question(harness, "what does an ai engineer do", status="answered")
    await log_question(harness, "astronaut?")
    defer, reply = await faq(harness, "stats", {"days": 30})
    assert defer.callback_type == 5 and reply.ephemeral
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    assert fields["Questions asked"] == "2"
    assert fields["Answered"] == "1 (50%)"
    assert fields["Helpful votes"] == "no votes yet"
    assert fields["Most asked, not answered"] == "1× “astronaut?”"
    ((name, png),) = reply.files
    assert name == "stats.png" and png.startswith(b"\x89PNG")
    assert reply.embeds[0]["image"]["url"] == "attachment://stats.png"


async def test_stale_lists_entries_citing_old_facts_oldest_first(running: tuple[Harness, Path]) -> None:
    harness, _ = running
    (reply,) = await faq(harness, "stale", {"months": 24})
    assert reply.message["flags"] & 64  # ephemeral
    (embed,) = reply.embeds
    assert embed["title"] == "Cited facts older than 24 months"
    first, second = embed["description"].splitlines()[:2]
    assert first.startswith("`tool-scikit-learn` (entry): `scikit-learn-history`, 2010,")
    assert second.startswith("`masters-or-phd` (entry): `rjmetrics-data-scientists-2015`, 2015-06,")


async def test_changes_are_posted_to_the_audit_channel(tmp_path: Path) -> None:
    async with faq_harness(tmp_path, audit_channel_id=AUDIT_CHANNEL_ID) as (harness, _):
        sent = await faq(harness, "synonym add", {"term": "rust", "variants": "rustlang"})
    posts = [s for s in sent if s.path == "/channels/{channel_id}/messages"]
    (post,) = [p for p in posts if str(AUDIT_CHANNEL_ID) in p.url]
    assert post.content.startswith("Knowledge change #1 by alice")
    ((name, diff),) = post.files
    assert name == "change-1.diff" and b"+- rustlang" in diff


async def test_a_gap_too_long_for_the_form_opens_a_form_within_discords_limits(
    running: tuple[Harness, Path],
) -> None:
    harness, _ = running
    base = "Do AI engineers need to learn Rust for production inference servers " * 3  # 207 characters
    question = base + "?" * 100
    for _ in range(3):
        await log_question(harness, question)
    wordings = [f"{base}{'!' * (n % 10)}{'?' * (n // 10)}" for n in range(1, 40)]
    for wording in [*wordings, base + "!" * 60]:
        await log_question(harness, wording)

    _, listing = await faq(harness, "gaps", {"days": 7})
    (actions,) = await click(harness, listing, listing.custom_ids()[0], values=["0"])
    start = next(
        cid for cid in actions.custom_ids() if actions.component(cid).get("label") == "Start a new entry"
    )
    (modal,) = await click(harness, actions, start)

    assert modal.callback_type == CALLBACK_MODAL
    inputs = {row["components"][0]["label"]: row["components"][0] for row in modal.body["data"]["components"]}
    assert len(inputs["Question"]["value"]) <= 256
    assert inputs["Question"]["value"].startswith(base.rstrip())
    alternates = inputs["Other ways to ask it (one per line)"]["value"].split("\n")
    assert 0 < len(alternates) < len(wordings)
    assert set(alternates) <= set(wordings)
    assert sum(map(len, alternates)) + len(alternates) - 1 <= 4000


def test_the_spec_check_rejects_a_modal_discord_would_reject() -> None:
    text_input = {"type": 4, "custom_id": "q", "label": "Question", "style": 1, "max_length": 256}
    modal = {
        "custom_id": "m",
        "title": "Add a FAQ entry",
        "components": [{"type": 1, "components": [text_input]}],
    }
    check_message_payload(modal)
    for broken in (
        {**modal, "title": "x" * 46},
        {**modal, "components": [{"type": 1, "components": [{**text_input, "value": "x" * 257}]}]},
        {**modal, "components": [{"type": 1, "components": [{**text_input, "max_length": 4001}]}]},
    ):
        with pytest.raises(SpecViolation):
            check_message_payload(broken)


@pytest.mark.parametrize("reason_length", [20, 82, 97, 100, 106, 150])
def test_an_error_report_fits_in_a_message_and_counts_what_it_leaves_out(reason_length: int) -> None:
    errors = [KnowledgeError("knowledge/faq/salary.yaml", n, "") for n in range(1000, 1113)]
    errors = [KnowledgeError(e.file, e.line, "x" * (130 - len(str(e)))) for e in errors]
    assert {len(str(e)) for e in errors} == {130}

    report = moderation_texts.error_report("R" * reason_length, errors)

    assert len(report) <= 2000
    shown = sum(1 for line in report.splitlines() if line.startswith("knowledge/faq/salary.yaml:"))
    assert f"…and {113 - shown} more" in report
    assert len(report) + 131 > 2000


async def test_questions_are_shown_to_moderators_without_their_markdown(
    running: tuple[Harness, Path],
) -> None:
    harness, _ = running
    await log_question(harness, "Is **Rust** worth it for `ml` __jobs__?")

    _, listing = await faq(harness, "gaps", {"days": 7})
    assert "\\*\\*Rust\\*\\*" in listing.embeds[0]["description"]
    (actions,) = await click(harness, listing, listing.custom_ids()[0], values=["0"])
    assert "Is \\*\\*Rust\\*\\* worth it for \\`ml\\` \\_\\_jobs\\_\\_?" in actions.content


async def test_gaps_are_grouped_off_the_event_loop(
    running: tuple[Harness, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    harness, _ = running
    await log_question(harness, "Can I become an astronaut?")
    threads = []

    def grouping(*args: object) -> object:
        threads.append(threading.current_thread())
        return group_gaps(*args)

    monkeypatch.setattr(desk_module, "group_gaps", grouping)
    _, listing = await faq(harness, "gaps", {"days": 7})
    assert "astronaut" in listing.embeds[0]["description"]
    assert threads and threads[0] is not threading.main_thread()


async def test_an_entry_whose_category_is_too_long_for_the_form_is_not_opened_in_one(
    running: tuple[Harness, Path],
) -> None:
    harness, knowledge = running
    category = "-".join(["career"] * 10)  # 69 characters
    (knowledge / "faq" / f"{category}.yaml").write_text(
        f"entries:\n  - id: long-category\n    question: Is this a long category?\n"
        f"    category: {category}\n    answer: It is.\n"
    )
    _, reloaded = await faq(harness, "reload")
    assert reloaded.content.startswith("Reloaded")

    (reply,) = await faq(harness, "edit", {"id": "long-category"})

    assert reply.callback_type == CALLBACK_REPLY
    assert "The category of `long-category` is longer than a form can hold" in reply.content


async def test_export_never_follows_a_link_out_of_the_folder(
    running: tuple[Harness, Path], tmp_path: Path
) -> None:
    """Today's hole: a knowledge file linked to /proc/self/environ put DISCORD_TOKEN in the zip."""
    harness, knowledge = running
    secret = tmp_path / "environ"
    secret.write_bytes(b"DISCORD_TOKEN=fake-secret-for-the-test\x00HOME=/root\x00")
    (knowledge / "faq" / "environ.yaml").symlink_to(secret)

    (exported,) = await faq(harness, "export")

    ((_, data),) = exported.files
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "faq/environ.yaml" not in archive.namelist()
        assert "faq/salary.yaml" in archive.namelist()
        assert all(b"fake-secret" not in archive.read(name) for name in archive.namelist())
    assert "Left out:" in exported.content and "faq/environ.yaml" in exported.content
    assert "outside the knowledge folder" in exported.content


async def test_reload_refuses_a_link_out_of_the_folder_and_names_it(
    running: tuple[Harness, Path], tmp_path: Path
) -> None:
    harness, knowledge = running
    outside = tmp_path / "tools.yaml"
    (knowledge / "faq" / "tools.yaml").rename(outside)
    (knowledge / "faq" / "tools.yaml").symlink_to(outside)

    _, reply = await faq(harness, "reload")

    assert "Reload refused" in reply.content
    assert "faq/tools.yaml: a symbolic link to" in reply.content


async def test_reload_names_misplaced_files(running: tuple[Harness, Path]) -> None:
    harness, knowledge = running
    (knowledge / "faq" / "notes.txt").write_text("to do")

    _, reply = await faq(harness, "reload")

    assert reply.content.startswith("Reloaded: ")
    assert "These files were not read:" in reply.content and "faq/notes.txt: not read" in reply.content


async def test_an_import_into_a_folder_linked_out_of_the_knowledge_is_refused(
    running: tuple[Harness, Path], tmp_path: Path
) -> None:
    harness, knowledge = running
    elsewhere = tmp_path / "roles-elsewhere"
    (knowledge / "roles").rename(elsewhere)
    (knowledge / "roles").symlink_to(elsewhere)
    data = (elsewhere / "ai-engineer.yaml").read_bytes()
    attachment = attachment_payload(harness, "ai-engineer.yaml", data)
    serve_attachments(harness, {attachment["url"]: data})

    (reply,) = await faq(harness, "import", attachment=attachment, options={"file": "roles/ai-engineer.yaml"})

    assert "roles/ai-engineer.yaml is a symbolic link to" in reply.content
    assert "nothing was imported" in reply.content
