from __future__ import annotations

import pytest
import yaml

from bot.moderation import roundtrip
from bot.moderation.documents import KnowledgeDocuments

ENTRY = """\
  - id: pay-by-city
    question: Where do ML engineers earn most?
    category: salary
    answer: |
      Pay is highest in a few large cities.
    facts: [a-city-survey]
"""
#: What can sit between ``entries:`` and its first item. A category move leaves the blank line that
#: separated two entries right under ``entries:`` (the first scenario), a hand edit the others.
HEADERS = {
    "a blank line": "entries:\n\n",
    "a comment line": "entries:\n  # Salary questions, kept by hand.\n",
    "an end-of-line comment": "entries:  # kept by hand\n",
    "nothing": "entries:\n",
}


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
def test_a_list_emptied_under_a_commented_key_is_written_as_valid_yaml_and_keeps_the_comment(
    header: str,
) -> None:
    document = roundtrip.load((header + ENTRY).encode(), "faq/salary.yaml")
    del document["entries"][0]

    written = roundtrip.dump(document)

    # before the fix: b"entries:\n\n[]\n", "could not find expected ':'" at line 4
    assert yaml.safe_load(written) == {"entries": []}
    for line in header.splitlines():
        assert line.split(":")[-1].strip() in written.decode()


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
def test_a_file_emptied_to_zero_entries_and_restored_reads_as_it_did_with_its_flow_lists(
    header: str,
) -> None:
    original = (header + ENTRY).encode()
    documents = KnowledgeDocuments({"faq/salary.yaml": original})
    entry = documents.entry("pay-by-city")
    documents.set_entry("pay-by-city", None)
    emptied = documents.changed_files()["faq/salary.yaml"]
    assert yaml.safe_load(emptied) == {"entries": []}

    again = KnowledgeDocuments({"faq/salary.yaml": emptied})
    again.set_entry("pay-by-city", entry)

    restored = again.changed_files()["faq/salary.yaml"]
    assert "    facts: [a-city-survey]\n" in restored.decode()
    assert yaml.safe_load(restored) == yaml.safe_load(original)
    if header != HEADERS["an end-of-line comment"]:  # that one comes back two columns further right
        assert restored == original


def test_a_mapping_emptied_under_a_commented_key_is_written_as_valid_yaml() -> None:
    document = roundtrip.load(b"synonyms:\n  # kept by hand\n  salary: [pay]\n", "synonyms.yaml")
    del document["synonyms"]["salary"]

    assert yaml.safe_load(roundtrip.dump(document)) == {"synonyms": {}}


def test_an_emptied_list_given_items_again_takes_the_style_its_key_has_when_new() -> None:
    """An empty list has no style of its own to keep: ``related`` comes back one-line, ``alternates``
    as a block, whatever style the emptied list was given to be written."""
    node = roundtrip.to_node({"related": [], "alternates": []})
    roundtrip.dump(node)  # makes both empty lists flow style
    roundtrip.update_mapping(node, {"related": ["a", "b"], "alternates": ["c"]}, ["related", "alternates"])

    assert roundtrip.dump(node).decode() == "related: [a, b]\nalternates:\n  - c\n"
