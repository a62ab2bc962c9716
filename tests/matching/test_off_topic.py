from __future__ import annotations

from bot.knowledge.models import Entry, KnowledgeSnapshot
from bot.matching.index import build_index
from bot.matching.matcher import Matcher
from bot.matching.normalize import clean
from bot.matching.off_topic import OffTopicPhrases


def test_an_off_topic_phrase_stays_listed_unless_one_phrasing_uses_it_whole() -> None:
    entries = (
        Entry("tech-stack", "Which tech stack do ML engineers use?", "a", "tools"),
        Entry("debugging", "How do I trace errors in a training job?", "a", "tools"),
        Entry("pytorch", "What is PyTorch?", "a", "tools", alternates=("pytorch stack trace explained",)),
    )
    for off_topic, vetoed in (("stack trace", False), ("trace errors", False), ("tech trace", True)):
        snapshot = KnowledgeSnapshot(entries=entries, off_topic=(off_topic,))
        assert Matcher(snapshot).best_reading(off_topic).off_topic is vetoed, off_topic


def test_a_question_is_off_topic_when_it_holds_every_term_of_one_phrase() -> None:
    snapshot = KnowledgeSnapshot(
        entries=(Entry("salary", "What do ML engineers earn?", "a", "salary"),),
        off_topic=("lawyer", "printer ink", "earn"),
    )
    index, analyzer = build_index(snapshot)
    phrases = OffTopicPhrases(snapshot.off_topic, analyzer, index)
    assert phrases.named_in({"lawyer", "salari"})
    assert phrases.named_in({"ink", "printer"})
    assert not phrases.named_in({"printer"})
    assert not phrases.named_in({"earn"})  # listed, but the knowledge uses it: never blocks an answer


def test_another_job_named_as_the_askers_own_is_no_veto_but_named_as_the_subject_is() -> None:
    snapshot = KnowledgeSnapshot(
        entries=(Entry("switching", "How do I switch careers into machine learning?", "a", "career"),),
        off_topic=("nurse", "high school teacher"),
    )
    matcher = Matcher(snapshot)
    for own in (
        "I'm a nurse, how do I switch careers into machine learning?",
        "i am a high school teacher, can i switch careers into machine learning",
        "I've been a nurse for ten years: how do I switch into machine learning?",
        "working as a nurse, can I switch careers to machine learning?",
    ):
        assert not matcher.best_reading(clean(own)).off_topic, own
    for subject in (
        "how do nurses switch careers into machine learning?",
        "I'm a nurse: do nurses earn more than machine learning engineers?",
        "my wife is a nurse, can a nurse switch careers into machine learning?",
    ):
        assert matcher.best_reading(clean(subject)).off_topic, subject


def test_a_task_asked_of_the_bot_is_off_topic_but_advice_on_doing_it_is_not() -> None:
    snapshot = KnowledgeSnapshot(
        entries=(
            Entry(
                "resume",
                "How do I write a resume and cover letter for ML jobs?",
                "a",
                "career",
                alternates=("resume tips for machine learning roles",),
            ),
        ),
    )
    matcher = Matcher(snapshot)
    for task in (
        "can you write my cover letter for an ML job?",
        "could u pls writte a resume for machine learning roles",  # spelling corrected first
        "write me a cover letter for ML jobs",
        "pls proofread my resume for ML roles",
        "ngl i need u to write my cover letter for an ML job",
    ):
        assert matcher.best_reading(clean(task)).off_topic, task
    for advice in (
        "how do I write my resume for ML jobs?",
        "should I write a cover letter for machine learning roles?",
        "resume tips for machine learning roles please",
        "do you need to write a cover letter for ML jobs?",
    ):
        assert not matcher.best_reading(clean(advice)).off_topic, advice


def test_a_listed_jobs_rare_plural_is_spelt_as_the_job_not_as_a_nearer_knowledge_word() -> None:
    # "electricians" is no knowledge word; corrected to the knowledge's "electrical" it would slip
    # past the listed "electrician" and be answered with the pay entry.
    snapshot = KnowledgeSnapshot(
        entries=(
            Entry("pay", "How much do ML engineers make in Germany?", "a", "salary"),
            Entry("hardware", "Do I need electrical engineering for ML hardware?", "a", "tools"),
        ),
        off_topic=("electrician",),
    )
    matcher = Matcher(snapshot)
    assert matcher.best_reading(clean("how much do electricians make in germany")).off_topic
    assert not matcher.best_reading(clean("how much do ml engineers make in germany")).off_topic
