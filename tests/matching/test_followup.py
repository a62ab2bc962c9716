"""Follow-ups on the shipped knowledge: slot changes, references, the answer itself, and controls.

The conversations below were written for these tests from the knowledge's structure (its
categories, role, industry, place and tool entries, synonym groups) and the examples of issue 10,
never from bench/blind. bot/matching/tuning.py's follow-up numbers were swept with them too.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.knowledge.loader import default_knowledge_dir, load_knowledge
from bot.matching.explain import explain
from bot.matching.followup import ON_TOPIC_RULE, ON_TOPIC_TEXT, Turn, form_of, spelled_out
from bot.matching.matcher import Matcher
from bot.matching.normalize import clean
from bot.matching.result import MatchResult, MatchStatus
from bot.matching.tuning import FOREIGN_SHARE, OWN_QUESTION_CONFIDENCE, STAY_CONFIDENCE, STAY_LEAD

_MATCHER = Matcher(load_knowledge(default_knowledge_dir()))


def _replay(*messages: str) -> list[MatchResult]:
    """Each message matched after the ones before it, as the service would remember them."""
    turns: list[Turn] = []
    results = []
    for message in messages:
        result = _MATCHER.match(message, turns)
        results.append(result)
        turns.append(Turn(message, result.entry_id))
    return results


SLOT_CHANGES = [
    (("how is ML used in healthcare?", "and in banking?"), {"industry-finance"}),
    (("what do ml engineers build for hospitals", "what about car companies?"), {"industry-automotive"}),
    (("how do carmakers use machine learning", "same for pharma"), {"industry-healthcare"}),
    (("how much do ML engineers make in the US?", "and in Brazil?"), {"salary-outside-us"}),
    (("ai engineer salary in seattle", "what about in germany"), {"salary-outside-us"}),
    (("how much do ML engineers earn in India", "and in NYC?"), {"salary-by-location"}),
    (("how much do ML engineers make in London?", "and in Austin?"), {"salary-by-location"}),
    (("what do AI engineers earn in San Francisco", "and in Japan?"), {"salary-outside-us"}),
    (("how much do AI engineers make?", "and seniors?"), {"salary-by-experience"}),
    (("what's the pay for ML engineers in new york", "for juniors?"), {"salary-by-experience"}),
    (("what does an ML engineer do?", "same for data scientists"), {"data-scientist-vs-ml-engineer"}),
    (("what skills does an ML engineer need", "and AI engineers?"), {"ai-engineer-skills"}),
    (("what does an AI engineer do all day", "and an ML engineer?"), {"ml-engineer-role"}),
    # Not the difference between the two, which the old slot and the new together read as.
    (("what does an ai engineer do at work", "what about an ml engineer"), {"ml-engineer-role"}),
    (("what skills does an AI engineer need", "same for ml engineers"), {"ml-engineer-skills"}),
    # "engineer" was said: the slot is "ai", which the ML engineer's skills hardly use.
    (("ml engineer skills?", "and for the ai engineer version"), {"ai-engineer-skills"}),
    (("what is tensorflow?", "and pytorch?"), {"tool-pytorch"}),
    (("what is pytorch used for", "what about keras"), {"tool-keras"}),
    (("is scikit-learn worth learning", "and tensorflow?"), {"tool-tensorflow"}),
    (("do I need a masters for ML?", "what about a phd?"), {"masters-or-phd"}),
    # An absence is a slot an entry names when its phrasings say "without" too.
    (("how do i get started in ml", "and without a degree?"), {"no-degree-path"}),
    (("can I switch into ML engineering from accounting?", "at 40?"), {"switching-roles"}),
    # An age is a slot: where a beginner starts, asked again at 42, is changing careers later in life.
    (
        ("how do i get started with machine learning as a complete beginner", "and at 42?"),
        {"switching-roles"},
    ),
    (("is it too late to switch into AI engineering at 30", "what about 45?"), {"switching-roles"}),
    # The answer asked again under a new slot moves as the slot does.
    (
        ("how much does an ml engineer make in the us", "would your answer be different for germany?"),
        {"salary-outside-us"},
    ),
]


@pytest.mark.parametrize(("messages", "accepted"), SLOT_CHANGES)
def test_a_change_of_one_slot_moves_to_the_neighbouring_entry(
    messages: tuple[str, ...], accepted: set
) -> None:
    follow_up = _replay(*messages)[-1]
    assert (follow_up.entry_id in accepted, follow_up.used_context) == (True, True)


ABOUT_THE_ANSWER = [
    ("how much do ML engineers make?", "is that base or TC?"),
    ("ml engineer salary in germany", "where's that number from?"),
    ("how much do ai engineers make in sf", "how old is that data?"),
    ("what do senior ml engineers earn", "is that before tax?"),
    ("how much do ML engineers make in India", "is that per month or per year?"),
    ("is there demand for ML engineers", "how recent are those stats?"),
    ("how much does an ML engineer make in the US", "was that base pay?"),
    ("ai engineer salary?", "does that include stock?"),
    ("how much do data scientists make compared to ML engineers", "where does that figure come from?"),
    ("how much do ml engineers make in nyc", "source?"),
    ("ml engineer pay in india", "per year or per month?"),
]


@pytest.mark.parametrize(("first", "second"), ABOUT_THE_ANSWER)
def test_a_question_about_the_answer_itself_stays_on_it(first: str, second: str) -> None:
    before, after = _replay(first, second)
    assert before.status is MatchStatus.ANSWERED
    assert (after.entry_id, after.used_context) == (before.entry_id, True)


@pytest.mark.parametrize(
    ("first", "second", "not_this"),
    [
        ("how much do ML engineers make?", "is that true for lawyers?", "salary-comparison"),
        ("what is tensorflow?", "is that base or TC?", "tool-tensorflow"),  # it states no pay
    ],
)
def test_words_the_answer_does_not_use_make_another_question(first: str, second: str, not_this: str) -> None:
    before, after = _replay(first, second)
    assert before.entry_id == not_this
    assert after.entry_id != not_this


REFERENCES = [
    (("what is keras?", "is it still used?"), "tool-keras"),
    # "the second one" is what the last question named second; alone, "who created" asks about the bot.
    (("should a beginner pick tensorflow or pytorch", "who created the second one?"), "tool-pytorch"),
    (("keras vs pytorch for a first project", "is the former still maintained?"), "tool-keras"),
    (("what certifications help for ML jobs", "are they worth the money?"), "certifications"),
    (("how do I freelance as an ML engineer", "how much should I charge for that?"), "freelance-consulting"),
    (("what is tensorflow", "and pytorch?", "which of the two should I learn?"), "tensorflow-vs-pytorch"),
    (
        ("do bootcamps work for ML?", "any in Canada?", "and what do their grads earn there?"),
        "salary-outside-us",
    ),
    # What the reference points at lends its meaning too: the pay of the two roles just compared.
    (
        ("how is an ai engineer different from an ml engineer?", "which of them earns more?"),
        "salary-comparison",
    ),
    (("what is keras", "is it free?"), "tool-keras"),
    # The answer asked again under a condition, in words ("change", "industry") that name other topics.
    (
        ("tensorflow or pytorch for a beginner?", "would your answer change for an industry job?"),
        "tensorflow-vs-pytorch",
    ),
]


@pytest.mark.parametrize(("messages", "expected"), REFERENCES)
def test_a_reference_is_read_as_what_it_points_at(messages: tuple[str, ...], expected: str) -> None:
    assert _replay(*messages)[-1].entry_id == expected


CONTROLS = [
    (("how much do ml engineers make in nyc", "What is PyTorch?"), "tool-pytorch"),
    (("what is tensorflow", "how much do AI engineers earn?"), "salary-comparison"),
    (("how is ai used in healthcare", "what certifications help for ML jobs?"), "certifications"),
    (("Is a PhD needed?", "thanks!"), "thanks"),
    (("how long does it take to learn ML", "thanks, that really helps"), "thanks"),
    (("what does an ML engineer do", "How do I prepare for an ML interview?"), "interview-prep"),
    (("how much do ML engineers make in India", "What math do I need for machine learning?"), "math-for-ml"),
    (("what is keras", "Will AI agents replace software engineers?"), "ai-replacing-engineers"),
    # Asking the bot's advice is no asking its last answer again.
    (
        ("what is keras", "what is your advice for someone switching careers into ml at 35?"),
        "switching-roles",
    ),
    (("ai engineer salary in boston", "how do I get into AI safety?"), "ai-safety-careers"),
    (("how is AI used in cars", "is there still demand for ML engineers?"), "job-demand"),
    (("how is AI used in finance", "what laptop do I need to learn ML?"), "hardware-for-learning"),
]


@pytest.mark.parametrize(("messages", "expected"), CONTROLS)
def test_a_message_that_stands_alone_is_answered_alone(messages: tuple[str, ...], expected: str) -> None:
    last = _replay(*messages)[-1]
    assert (last.entry_id, last.used_context) == (expected, False)


def test_itself_that_stresses_a_thing_named_points_back_at_nothing() -> None:
    """ "the framework itself" names the framework: after two turns on a choice of frameworks, "what
    else do I need in my stack besides the framework itself?" asks about the stack."""
    assert not form_of(clean("what else do i need in my stack besides the framework itself?")).reference
    assert form_of(clean("is it itself open source?")).reference
    messages = (
        "tensorflow or pytorch for a beginner?",
        "what else do i need in my stack besides the framework itself?",
    )
    assert _replay(*messages)[-1].entry_id == "tech-stack"


def test_without_earlier_turns_a_follow_up_is_read_alone() -> None:
    assert _MATCHER.match("and in banking?", ()) == _MATCHER.match("and in banking?")


def test_an_unanswered_turn_still_lends_its_words() -> None:
    first, second = "planning a move to berlin", "and the pay there?"
    assert (_MATCHER.match(first).entry_id, _MATCHER.match(second).entry_id) == (None, None)
    follow_up = _MATCHER.match(second, [Turn(first, None)])
    # Answered or, short of that, offered first among the closest topics.
    assert follow_up.used_context and follow_up.candidates[0].entry_id == "salary-outside-us"


@pytest.mark.parametrize(
    ("text", "cue", "reference", "about_answer", "number"),
    [
        ("and in banking?", True, False, False, False),
        ("same for data scientists", True, False, False, False),
        ("at 40?", True, False, False, True),
        ("how deep tho?", True, False, False, False),
        ("ok, how deep tho", True, False, False, False),
        ("how deep tho, like do i need to do proofs", True, False, False, False),
        ("what does a machine learning engineer actually do though, day to day", False, False, False, False),
        ("can i use it for deep learning", False, True, False, False),
        ("is that base or tc?", False, True, True, False),
        ("wheres that number from", False, True, True, False),
        ("source?", False, False, True, False),
        ("base or tc?", False, False, True, False),
        ("which of the two should i learn?", False, True, False, False),
        ("is there demand for ml engineers?", False, False, False, False),
        ("which roles near ml engineering that i could aim for?", False, False, False, False),
        ("is it true that you need a phd?", False, True, False, False),  # "it", not "that"
        ("what is pytorch?", False, False, False, False),
    ],
)
def test_the_marks_of_a_follow_up(
    text: str, cue: bool, reference: bool, about_answer: bool, number: bool
) -> None:
    form = form_of(clean(text))
    assert (form.cue, form.reference, form.about_answer, form.number) == (
        cue,
        reference,
        about_answer,
        number,
    )


@pytest.mark.parametrize(
    "question",
    [
        "In which industries do ML engineers work?",
        "For a beginner, which programming language should I learn first?",
        "So what is MLOps exactly?",
        "With no degree, can I become an AI engineer?",
        "Also, will AI replace ML engineers?",
        "what about kaggle, does it help get hired?",
    ],
)
def test_a_whole_question_that_opens_like_a_follow_up_is_answered_as_it_would_be_alone(question: str) -> None:
    alone = _MATCHER.match(question).entry_id
    assert alone is not None
    for first in (
        "how much do ml engineers make in nyc",
        "what is tensorflow",
        "how is AI used in healthcare",
    ):
        assert _replay(first, question)[-1].entry_id == alone


QUALIFIERS = [
    # "and for X?" where X alone is another part of the knowledge (another category, not related):
    # the same question for X, not a question about X.
    (("what projects should i put in my ml portfolio", "and for nlp specifically?"), "portfolio-projects"),
    (("how do i prepare for ml interviews", "and for research roles?"), "interview-prep"),
    (("is a bootcamp worth it", "and for career changers?"), "bootcamps"),
    # ... and where nothing answers the qualifier alone, and nothing near the last entry either.
    (("what projects should i put in my ml portfolio", "what about for robotics?"), "portfolio-projects"),
    (("tensorflow vs pytorch for research", "and in industry?"), "tensorflow-vs-pytorch"),
]


@pytest.mark.parametrize(("messages", "expected"), QUALIFIERS)
def test_a_qualifier_of_the_same_question_stays_on_its_entry(
    messages: tuple[str, ...], expected: str
) -> None:
    last = _replay(*messages)[-1]
    assert (last.entry_id, last.used_context) == (expected, True)


def test_a_qualifier_the_last_entry_names_a_little_is_no_slot_change() -> None:
    # Pay by experience names seniors far more often than pay abroad does, but not ten times as often:
    # "for seniors?" asks the same question about Germany, and pay by experience has U.S. figures only.
    assert (
        _replay("what do ml engineers earn in germany", "and for seniors?")[-1].entry_id
        == "salary-outside-us"
    )


@pytest.mark.parametrize(
    "messages",
    [
        ("ml engineer pay in germany", "senior level?"),
        ("is the ml job market good right now", "and for new grads?"),
    ],
)
def test_a_bare_fragment_that_changes_no_slot_stays_on_the_last_entry(messages: tuple[str, ...]) -> None:
    # Alone, "senior level?" is pay by experience (U.S. figures); read with the conversation, the last entry
    # is still among its two best readings, and nothing the fragment says is a slot of a neighbour's.
    before, after = _replay(*messages)
    assert (after.entry_id, after.used_context) == (before.entry_id, True)


@pytest.mark.parametrize(
    "messages", [("what is keras", "visa sponsorship chances?"), ("what is keras", "kaggle comps?")]
)
def test_a_bare_fragment_about_something_else_stands_alone(messages: tuple[str, ...]) -> None:
    # Read alone, it is answered, though not as surely as a question of its own, and with nothing near the
    # last entry: it details no earlier question, so the conversation lends it nothing.
    alone = _MATCHER.match(messages[-1])
    assert alone.status is MatchStatus.ANSWERED and alone.decision is not None
    assert alone.decision.confidence < OWN_QUESTION_CONFIDENCE
    last = _replay(*messages)[-1]
    assert (last.entry_id, last.used_context) == (alone.entry_id, False)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (
            ("what skills does an ml engineer need", "can you say more about the statistics part, how deep"),
            "math-for-ml",
        ),
    ],
)
def test_a_neighbour_both_readings_put_first_is_answered(messages: tuple[str, ...], expected: str) -> None:
    # Alone, the message is not sure of the neighbour (not even a "did you mean" of one); with the
    # conversation it is surer of the same entry, next to the last one: that is the answer.
    alone = _MATCHER.match(messages[-1])
    assert alone.status is not MatchStatus.ANSWERED and alone.candidates[0].entry_id == expected
    after = _replay(*messages)[-1]
    assert (after.status, after.entry_id, after.used_context) == (MatchStatus.ANSWERED, expected, True)


def test_an_out_of_scope_message_in_words_the_knowledge_does_not_use_borrows_no_neighbour() -> None:
    # Alone and after a turn on healthcare it reads best as finance ("quant"), surer after the turn.
    question = "whats the best way to prepare for the GRE quant section in two months"
    assert _replay("how is AI used in healthcare", question)[-1].status is not MatchStatus.ANSWERED


def test_a_neighbour_far_behind_the_messages_own_reading_is_no_slot_change() -> None:
    # Alone, "deployment" reads best as MLOps; tool-tensorflow, a neighbour further behind, used to take
    # the question and drop "pytorch" from it as the slot being changed.
    alone = _MATCHER.match("and for deployment?")
    assert alone.candidates[0].entry_id != "tool-tensorflow"
    assert _replay("tensorflow or pytorch?", "and for deployment?")[-1].entry_id == "tensorflow-vs-pytorch"


@pytest.mark.parametrize(
    "messages",
    [
        ("how do ai and ml engineers work together", "who owns the evaluation?"),
        ("how do ai and ml engineers work together", "who is on call when it breaks"),
    ],
)
def test_a_follow_up_on_the_conversations_entry_is_answered_at_a_did_you_mean_confidence(
    messages: tuple[str, ...],
) -> None:
    before, after = _replay(*messages)
    assert _MATCHER.match(messages[-1]).status is not MatchStatus.ANSWERED
    assert after.decision is not None and after.decision.rule == ON_TOPIC_RULE
    assert (after.entry_id, after.used_context) == (before.entry_id, True)
    assert STAY_CONFIDENCE <= after.decision.confidence < _MATCHER.thresholds.answer


def test_a_slot_change_the_last_answer_mentions_is_not_a_question_about_that_answer() -> None:
    # "data" reads like a question about the answer's sources, and the answer on what ML engineers do
    # mentions data scientists; alone, the message names the neighbouring entry on data scientists.
    before, after = _replay("what do ml engineers do", "and data scientists, is that different?")
    assert before.entry_id == "ml-engineer-role"
    assert after.entry_id == "data-scientist-vs-ml-engineer"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("and for nlp specifically?", True),
        ("what about for robotics?", True),
        ("in finance?", True),
        ("and at a startup?", True),
        ("and nlp?", False),
        ("In which industries do ML engineers work?", False),
        ("With no degree, can I become an AI engineer?", False),
        ("for a beginner, which language should I learn?", False),
    ],
)
def test_a_qualifier_is_a_fragment_with_no_clause_of_its_own(text: str, qualifier: bool) -> None:
    assert form_of(clean(text)).qualifier is qualifier


def test_an_answer_on_the_conversations_entry_is_explained_as_such() -> None:
    why = explain(_MATCHER, "who owns the evaluation?", previous="ai-ml-collaboration")
    assert dataclasses.replace(why, rule=ON_TOPIC_RULE).rule_text == ON_TOPIC_TEXT


@pytest.mark.parametrize(
    ("first", "question"),
    [
        ("do I need a masters for ML?", "do companies really need ml engineers or do they just say they do?"),
        ("how much do ml engineers make in nyc", "is it too late to get into AI now?"),
        ("will ai replace ml engineers", "how many years does it take to reach staff as an ml engineer?"),
    ],
)
def test_a_whole_question_that_points_back_in_words_only_keeps_its_own_surer_answer(
    first: str, question: str
) -> None:
    alone = _MATCHER.match(question)
    assert alone.status is MatchStatus.ANSWERED and form_of(clean(question)).reference
    assert _replay(first, question)[-1].entry_id == alone.entry_id


def test_a_question_that_reads_like_one_about_the_answer_but_is_sure_alone_is_its_own() -> None:
    # "which one" points back and "data" is a word about an answer's sources, but alone the message is
    # answered as surely as no question about an answer is.
    question = "masters in data science or masters in machine learning, which one"
    assert form_of(clean(question)).about_answer
    alone = _MATCHER.match(question)
    assert alone.decision is not None and alone.decision.confidence >= OWN_QUESTION_CONFIDENCE
    assert (
        _replay("do I need a masters for ML?", question)[-1].entry_id
        == alone.entry_id
        == "choosing-a-masters"
    )


@pytest.mark.parametrize(
    "text", ["are companies hiring ai engineers this year", "any internships this summer?"]
)
def test_this_of_the_calendar_points_at_nothing_said(text: str) -> None:
    assert not form_of(clean(text)).reference


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("how much do ml engineers make in berlin", "any good restaurants there?"),
        ("do I need a phd for ml", "is it hard to learn guitar"),
        ("how do i prepare for ml interviews", "whats a good recipe for that"),
    ],
)
def test_a_message_in_words_the_knowledge_never_uses_borrows_no_topic(first: str, second: str) -> None:
    answered = _MATCHER.match(first).entry_id
    assert answered is not None
    assert _MATCHER.match(second).status is not MatchStatus.ANSWERED
    assert _MATCHER.match(second, [Turn(first, answered)]).status is not MatchStatus.ANSWERED


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("will ai replace ml engineers", "can you write the cover letter for me"),
        ("how do I write a resume for ML roles", "write one for me"),
        ("what's a good first ML project", "can you write the code for it"),
        ("ai engineer salary in seattle", "what about dentists in canada"),
    ],
)
def test_a_message_off_topic_alone_is_off_topic_after_any_turn(first: str, second: str) -> None:
    answered = _MATCHER.match(first).entry_id
    assert answered is not None
    alone = _MATCHER.match(second)
    assert alone.decision is not None and alone.decision.reading.off_topic
    assert _MATCHER.match(second, [Turn(first, answered)]).status is not MatchStatus.ANSWERED


def test_a_follow_up_in_the_knowledges_words_still_borrows_the_topic() -> None:
    first = "good portfolio projects for ml jobs?"
    answered = _MATCHER.match(first).entry_id
    assert _MATCHER.match("any examples?", [Turn(first, answered)]).entry_id == answered


@pytest.mark.parametrize(
    "messages",
    [
        ("what is mlops?", "why?"),
        ("how is ai used in finance", "examples?"),
        ("will ai replace ml engineers", "how come?"),
        ("do i need a phd for ml research", "why is that?"),
        ("will ai replace ml engineers", "how so?"),
        ("what is tensorflow?", "tldr?"),
        ("should i learn tensorflow or pytorch", "in short?"),
        ("is ml a part of ai", "explain simpler pls"),
        ("what does an mlops engineer do", "can you put that in plain english"),
    ],
)
def test_a_request_for_more_stays_on_the_last_answer(messages: tuple[str, ...]) -> None:
    before, after = _replay(*messages)
    assert _MATCHER.match(messages[-1]).status is not MatchStatus.ANSWERED
    assert (after.entry_id, after.used_context) == (before.entry_id, True)


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("why?", True),
        ("why is that", True),
        ("examples?", True),
        ("can you explain more?", True),
        ("how so?", True),
        ("tl;dr", True),
        ("eli5 pls", True),
        ("dumb it down for me", True),
        ("so?", False),
        ("english?", False),
        ("lol ok", False),
        ("more", False),
        ("why do companies hire ml engineers", False),
    ],
)
def test_a_request_for_more_names_nothing_but_asking_for_it(text: str, more: bool) -> None:
    assert form_of(clean(text)).more is more


def test_a_request_for_more_after_a_turn_nothing_answered_is_still_unanswered() -> None:
    assert _MATCHER.match("why?", [Turn("zxqv plorb", None)]).status is not MatchStatus.ANSWERED


def test_a_choice_weighs_both_things_said_alike() -> None:
    # The older tool, one turn further back, weighed half the newer and lost the choice to it.
    messages = ("what is tensorflow used for", "and pytorch?", "ok which one do i start with")
    assert form_of(clean(messages[-1])).choice
    assert _replay(*messages)[-1].entry_id == "tensorflow-vs-pytorch"


@pytest.mark.parametrize(
    "messages",
    [
        ("what is tensorflow", "also what does an ml engineer earn in the us?"),
        ("how do i prepare for ml interviews", "and is ai safety a real career?"),
        ("what does an ai engineer do", "and do i need a phd to work at openai or deepmind?"),
    ],
)
def test_a_whole_question_after_an_opening_is_answered_alone_when_it_is_sure(
    messages: tuple[str, ...],
) -> None:
    alone = _MATCHER.match(messages[-1])
    assert form_of(clean(messages[-1])).clause and alone.decision is not None
    assert alone.decision.confidence >= OWN_QUESTION_CONFIDENCE
    last = _replay(*messages)[-1]
    assert (last.entry_id, last.used_context) == (alone.entry_id, False)


def test_a_reference_in_words_the_last_entry_does_not_use_takes_their_topic() -> None:
    last = _replay("what does an mle do", "what projects would show i can do that")[-1]
    assert (last.entry_id, last.used_context) == ("portfolio-projects", True)


def test_pay_asked_after_an_entry_not_about_pay_is_offered_among_pay_entries() -> None:
    before, after = _replay(
        "can i get a work visa for the us as an ml engineer", "how much would i earn there"
    )
    assert before.entry_id == "visas-and-remote-work"
    assert after.status is not MatchStatus.ANSWERED
    assert after.candidates and all(c.entry_id.startswith("salary-") for c in after.candidates)


def test_pay_asked_in_a_continuation_after_an_entry_not_about_pay_is_answered_among_pay_entries() -> None:
    # No word points back, but "and how much do ... make" continues the talk of careers with pay.
    before, after = _replay(
        "what does the career path of an ml engineer look like", "and how much do seniors make"
    )
    assert before.entry_id == "career-progression"
    assert (after.entry_id, after.used_context) == ("salary-by-experience", True)


def test_a_kind_of_what_was_said_is_no_new_topic() -> None:
    assert form_of(clean("and the aws one?")).kind
    assert _replay("how do i get certified in ml", "and the aws one?")[-1].entry_id == "certifications"


def test_a_follow_up_on_the_conversations_entry_may_lead_by_a_little_less_than_a_did_you_mean() -> None:
    before, after = _replay("how do i get an ml internship", "and for someone self taught?")
    assert after.decision is not None and after.status is MatchStatus.ANSWERED
    assert (after.entry_id, after.used_context) == (before.entry_id, True)
    assert STAY_LEAD <= after.decision.lead < _MATCHER.thresholds.close


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        # The condition names another entry (specialisations, the math for ML), which alone reads surely.
        (
            ("tensorflow or pytorch for a first job", "and if i want to do computer vision?"),
            "tensorflow-vs-pytorch",
        ),
        (
            ("should i become an ai engineer or an ml engineer", "and if i love statistics?"),
            "which-role-fits-me",
        ),
        # ... but a question of its own past the condition is asked.
        (
            ("tensorflow or pytorch for a first job", "and if i get the job, how do i negotiate the offer?"),
            "offer-negotiation",
        ),
    ],
)
def test_a_condition_after_a_choice_asks_the_same_choice(messages: tuple[str, ...], expected: str) -> None:
    assert _replay(*messages)[-1].entry_id == expected


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("which of those pays best?", True),
        ("how much would i make doing that", True),
        ("what would they earn there", True),
        ("are they worth the money?", False),
        ("what would i make with it", False),
        # "paid" as what a thing costs, not what a job pays.
        ("would one of those paid 12 week programs be worth it?", False),
        ("free or paid courses?", False),
        ("are ml engineers paid more there?", True),
        ("how well paid is that", True),
    ],
)
def test_pay_is_asked_in_its_own_words_or_as_how_much_one_makes(text: str, pay: bool) -> None:
    assert form_of(clean(text)).pay is pay


def test_pay_asked_about_what_was_said_is_not_answered_with_an_entry_not_about_pay() -> None:
    before, after = _replay(
        "can i work remotely for a us company from india", "how much would i make doing that"
    )
    assert before.entry_id == "visas-and-remote-work"
    assert after.entry_id != before.entry_id
    assert all(c.entry_id.startswith("salary-") for c in after.candidates)


def test_a_cost_after_an_entry_not_about_pay_is_no_question_about_pay() -> None:
    before, after = _replay("what certifications help for ML jobs", "are they worth the money?")
    assert after.entry_id == before.entry_id == "certifications"


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        # Alone and with the conversation, "without a phd?" is no answer's: the same question, without one.
        (("how do i get a job in ai safety", "and without a phd?"), "ai-safety-careers"),
        (
            ("how long should an ml resume be", "even with ten years of experience?"),
            "resume-and-applications",
        ),
        (("is a bootcamp worth it", "even if i already have a degree?"), "bootcamps"),
        # With the conversation, "go" reads best as where the field is going: nothing answers it either.
        (("what languages should an ml engineer know", "and go?"), "programming-languages"),
    ],
)
def test_a_continuation_nothing_answers_stays_on_the_last_entry(
    messages: tuple[str, ...], expected: str
) -> None:
    assert _MATCHER.match(messages[-1]).status is MatchStatus.UNSURE
    before, after = _replay(*messages)
    assert (after.entry_id, after.used_context) == (before.entry_id, True) == (expected, True)


@pytest.mark.parametrize(
    "messages",
    [
        ("what is tensorflow", "and what's the weather like there?"),
        ("ml engineer pay in nyc", "and who won the game?"),
    ],
)
def test_a_continuation_in_words_the_knowledge_never_uses_does_not_stay(messages: tuple[str, ...]) -> None:
    assert _replay(*messages)[-1].status is not MatchStatus.ANSWERED


def test_a_continuation_in_a_few_unknown_words_that_still_point_at_the_last_entry_stays_near_it() -> None:
    message = "and what if its a tiny seed stage startup?"
    alone = _MATCHER.match(message)
    assert alone.decision is not None and alone.decision.reading.unknown_share > FOREIGN_SHARE
    assert "offer-negotiation" in alone.suggestions
    assert _replay("can i negotiate my ml engineer offer", message)[-1].entry_id == "offer-negotiation"


@pytest.mark.parametrize(
    ("earlier", "text", "spelled"),
    [
        ("tensorflow or pytorch for a beginner?", "who made the second one", "who made pytorch"),
        ("research scientist vs ML engineer, which pays more?", "the first one", "research scientist"),
        (
            "the difference between a data scientist and a data engineer",
            "and the latter",
            "and data engineer",
        ),
        ("what does an ML engineer do?", "who made the second one", "who made the second one"),
        ("tensorflow or pytorch for a beginner?", "whats the first step", "whats the first step"),
        ("tensorflow or pytorch for a beginner?", "and in the second year?", "and in the second year?"),
    ],
)
def test_the_first_or_second_one_is_what_the_last_question_named_so(
    earlier: str, text: str, spelled: str
) -> None:
    assert spelled_out(clean(text), earlier) == spelled


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        # Alone, "who created it?" is who made the bot; after Keras, "it" is Keras.
        (("what is keras", "who created it?"), "tool-keras"),
        # "it" is Keras, though alone the message is surely PyTorch's.
        (("what is keras", "can it run on pytorch?"), "tool-keras"),
        # Alternatives set for "it" leave it the thing asked about ...
        (("what is keras", "can it run on pytorch or only on tensorflow?"), "tool-keras"),
        # ... but "it" set beside another thing asks the choice, and "or is it..." asks about the
        # message's own thing again.
        (("what is keras", "should i learn it or pytorch first?"), "tensorflow-vs-pytorch"),
        (
            (
                "how do i prepare for ml interviews",
                "cold emailing hiring managers, does it actually work for ml jobs or is it cringe",
            ),
            "resume-and-applications",
        ),
        # "it" is scikit-learn, PyTorch what it is weighed against.
        (("what is scikit-learn good for", "should i learn it before pytorch?"), "tool-scikit-learn"),
        # Named before "it", PyTorch is what "it" points at.
        (("what is keras", "what is PyTorch and who maintains it?"), "tool-pytorch"),
        # An "it" that points at nothing leaves the thing named the topic.
        (("what is scikit-learn", "is it hard to learn pytorch after that?"), "tool-pytorch"),
        (("what is keras", "is it possible to learn tensorflow in a month?"), "tool-tensorflow"),
    ],
)
def test_it_is_the_last_answers_thing_whatever_else_the_message_names(
    messages: tuple[str, ...], expected: str
) -> None:
    assert _replay(*messages)[-1].entry_id == expected


def test_one_option_of_a_choice_asks_the_last_question_there() -> None:
    # Alone, "and at big tech?" is the choice between kinds of company; here, interviews at big tech.
    alone, after = (
        _MATCHER.match("and at big tech?"),
        _replay("how do ml interviews work", "and at big tech?")[-1],
    )
    assert alone.candidates[0].entry_id == "company-types"
    assert after.entry_id == "interview-prep"


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        # Agriculture has no entry and banking's never names it: the entry on industries that hire does.
        (("how is ml used in banks", "and in agriculture?"), "industries-overview"),
        # "data" and "engineer" were said, but a data engineer is another role: the adjacent roles.
        (
            ("data scientist or ml engineer, which is more technical?", "and a data engineer?"),
            "adjacent-roles",
        ),
    ],
)
def test_a_slot_value_without_an_entry_moves_to_the_neighbour_that_names_it(
    messages: tuple[str, ...], expected: str
) -> None:
    assert _replay(*messages)[-1].entry_id == expected


def test_a_slot_change_keeps_what_the_last_question_asked_besides_its_thing() -> None:
    # Several neighbours would take "ai engineers"; the AI engineer's skills keep the "skills" asked.
    messages = ("list the skills an ml engineer should have", "same question for ai engineers")
    assert _replay(*messages)[-1].entry_id == "ai-engineer-skills"


def test_a_qualifier_asks_the_last_question_again_not_what_its_words_name_alone() -> None:
    # Alone, "ai engineers shipping llm agents" is what a generative-AI engineer does; after the tools of
    # ML engineers it asks for the tools again (that entry covers AI engineers too).
    message = "and for ai engineers shipping llm agents?"
    assert _MATCHER.match(message).entry_id == "genai-llm-engineer"
    assert _replay("what tools do ml engineers work with", message)[-1].entry_id == "tech-stack"


def test_a_short_question_about_it_in_everyones_words_is_about_the_last_answer() -> None:
    # Nothing answers "is it hard to get into?" alone; after MLOps, "it" is MLOps.
    assert _MATCHER.match("is it hard to get into?").status is not MatchStatus.ANSWERED
    assert _replay("what is mlops", "is it hard to get into?")[-1].entry_id == "mlops"
    # "worth it" points at nothing: law school is no question about Keras.
    assert _replay("what is keras", "law school worth it?")[-1].status is not MatchStatus.ANSWERED


def test_pay_asked_after_another_topic_keeps_the_place_said_before() -> None:
    messages = (
        "whats the h1b process for ai engineers",
        "what about the uk",
        "and how much do they earn there?",
    )
    assert _replay(*messages)[-1].entry_id == "salary-outside-us"


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (("what is mlops?", "is it a separate job or just part of being an ml engineer?"), "mlops"),
        (("what is ai safety work", "is that its own career or just research?"), "ai-safety-careers"),
    ],
)
def test_asking_whether_the_last_answers_thing_is_a_job_of_its_own_stays_on_it(
    messages: tuple[str, ...], expected: str
) -> None:
    before, after = _replay(*messages)
    assert before.entry_id == expected
    assert (after.entry_id, after.used_context) == (expected, True)


def test_a_question_of_how_many_in_everyday_words_asks_it_of_the_thing_just_answered() -> None:
    before, after = _replay("What are good portfolio projects for an AI engineer?", "how many do i need")
    assert _MATCHER.match("how many do i need").status is not MatchStatus.ANSWERED
    assert (after.entry_id, after.used_context) == (before.entry_id, True)
    assert _replay("what is mlops", "what is love")[1].status is not MatchStatus.ANSWERED


@pytest.mark.parametrize(
    "messages",
    [
        ("what does the career path of an ml engineer look like", "how long til i get to senior"),
        ("whats the career ladder for ml engineers", "and how long till senior"),
    ],
)
def test_till_is_a_chat_spelling_of_until_not_a_word_the_knowledge_never_uses(
    messages: tuple[str, ...],
) -> None:
    # Read as an unknown word, "till" weighed like a rare one: the message read as foreign to the knowledge.
    assert _replay(*messages)[1].entry_id == "career-progression"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("and the tensorflow developer one?", True),
        ("are the free ones any good", True),
        ("do i need a masters to land one of those", False),  # "one of those" is the thing said
        ("is a bootcamp for beginners one to trust", False),
    ],
)
def test_a_kind_of_what_was_said_is_named_right_before_one(text: str, kind: bool) -> None:
    assert form_of(clean(text)).kind is kind


def test_esp_is_chat_for_especially_which_narrows_the_last_question() -> None:
    # Unknown, "esp" weighed like a rare word and the fragment read as foreign to the knowledge.
    before, after = _replay("is the ml job market good right now", "esp for new grads")
    assert (after.entry_id, after.used_context) == (before.entry_id, True) == ("job-demand", True)
