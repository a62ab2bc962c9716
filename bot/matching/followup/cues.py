"""The words and phrases that mark a follow-up.

English function words and the vocabulary of sources, dates and pay bases, nothing of the knowledge's
own: what moves a follow-up between entries comes from the knowledge, through the matcher.
"""

from __future__ import annotations

import re

#: Openings of a message that continues the previous one ("and for seniors?", "what about AI
#: engineers?", "same for data scientists", "at a startup?", "in banking?").
CUE = re.compile(
    r"\W*(?:and|also|but|so|then|or|plus|ok(?:ay)?|what about|how about|what if|same|vs|versus|"
    r"compared to|instead|any|in|at|for|with|without|as|even)\b"
)
#: The words that only open a continuation ("and", "ok so what about"): no topic of the message's own.
OPENING = re.compile(
    r"(?:\W*\b(?:and|also|but|so|then|or|plus|ok(?:ay)?|what about|how about|same(?: question| thing)?)\b)+"
)
#: A continuation that states a condition: "and if i want to do computer vision?", "what if i hate math".
CONDITION = re.compile(r"\W*(?:(?:and|so|but|ok(?:ay)?)\W+)?(?:what |even )?if\b")
#: A question that asks to choose between alternatives: "Should I learn TensorFlow or PyTorch?".
CHOICE_QUESTION = re.compile(r"\W*(?:should|which)\b.*\b(?:or|vs|versus)\b")
#: ... and a message that names alternatives of its own ("ml masters or data science masters?").
ALTERNATIVES = re.compile(r"\b(?:or|vs|versus|between)\b")
#: ... and "it" set beside another thing as one of the alternatives ("it or pytorch?", "keras vs it"), or
#: asked about again as the other one ("does it work or is it cringe?": "it" is the message's own thing).
IT_AS_AN_ALTERNATIVE = re.compile(
    r"\b(?:it|its)\s+(?:or|vs|versus|and)\b|\b(?:or|vs|versus|between)\s+(?:it|its)\b"
    r"|\bor (?:is|was|does|do|will|would|can) (?:it|that|this)\b"
)
#: Words that ask a question of a clause's own ("and if i get the offer, how do i negotiate it?").
ASKING = frozenset("what which who whom whose how why where when should".split())
#: Words that mark a message as a reply to what was just said wherever they stand ("how deep tho?").
THOUGH = re.compile(r"(?<!\beven )\b(?:tho|though)\b")
#: A continuation that adds a qualifier to the same question: "and for X?", "what about in X?", "at X?".
QUALIFIER = re.compile(
    r"\W*(?:(?:and|also|but|so|then|or|plus|ok(?:ay)?|what about|how about|what if|same(?: question| thing)?)"
    r"\W+)?(?:for|in|at|on|with|without|as)\b"
)
#: Words that make a clause of their own ("in which industries do ML engineers work?"): not a qualifier.
CLAUSE = frozenset(
    """
    what which who whom whose how why where when do does did is are was were am be can could should would
    will shall may might must have has had
    """.split()
)
#: ... and those words run together with "is" in chat ("whats 17 times 23").
CONTRACTED_CLAUSE = frozenset("whats hows whos wheres whys whens thats".split())
#: Words that point back at what was said.
REFERENCES = frozenset(
    "it its itself that thats this those these them they their theirs there one ones both either".split()
)
#: The words that point back at a thing, not at the bot ("who made it?"), and those that address the bot.
IT = frozenset("it its itself they them their".split())
ADDRESSED = frozenset("you u your ur yourself bot".split())
#: ... and those that point at one thing, but for an "it" that points at nothing ("is it worth it?", "is it
#: possible to move later?", "how long does it take?").
IT_WORD = re.compile(r"\b(?:it|its|itself)\b")
WORTH_IT = re.compile(r"\bworth it\b")
#: "Itself" that stresses the thing just named ("the framework itself", "the deep learning knowledge
#: itself"): that names it, it does not point back.
NAMED_ITSELF = re.compile(r"\b(?:the|a|an|this|that) (?:\w+ ){1,3}(?:itself|themselves)\b")
EMPTY_IT = re.compile(
    rf"{WORTH_IT.pattern}|\bit (?:takes?|took)\b"
    r"|\b(?:is|was|isnt|wasnt|would|will|does|did) it (?:be |even |still |really )?"
    r"(?:possible|posible|realistic|hard|easy|too|ok|okay|normal|late|worth|true|better|necessary|take"
    r"|make sense)\b"
)
#: A question whether the thing just answered is a job of its own: "is that its own job title or just part
#: of being an mle?" after MLOps, "are they a separate role?" (the role named is what it is set beside).
IS_IT_A_JOB = re.compile(
    r"\W*(?:(?:and|so|but|ok(?:ay)?)\W+)?(?:is|are|isnt|arent) (?:that|it|this|those|these|they)\b.*?"
    r"\b(?:(?:its|their) own|separate|distinct|standalone) (?:job|role|title|position|career|field"
    r"|discipline|profession|specialty|specialization|specialisation)s?\b"
)
#: A question of how much, many, long or often: "how many do i need?", "how long does that take?".
HOW_MUCH = re.compile(r"\W*how (?:much|many|long|often|soon|hard|deep|far)\b")
#: Numbers that point back: "which of the two should I learn?".
REFERENCE_PHRASE = re.compile(r"\b(?:the|these|those|both) (?:two|2|three|3)\b")
#: The answer itself, asked again under a new condition: "does the answer change if I want an industry
#: job?", "would your advice be different at a startup?" (no topic: "change" is a career change's word).
ANSWER_AGAIN = re.compile(
    r"(?<!what )(?<!how )\b(?:does|do|would|will|is|could)(?:nt)? (?:the|your|ur|that|this)"
    r" (?:answer|advice|recommendation)"
    r"(?: (?:change|be different|still hold|differ))?\b"
)
#: "There" that points nowhere: "is there demand?", "there are many roles".
THERE_IS = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|isnt|arent) there|there (?:is|are|was|were|will|be|s))\b"
)
#: "That" that joins a clause ("the jobs that I should consider", "is it true that you need a phd"):
#: followed by who does something, it points at nothing said.
THAT_CLAUSE = re.compile(r"\bthat (?=(?:i|im|ive|you|u|we|they|he|she|people|ppl)\b)")
#: "This" that points at the calendar, not at what was said: "this year", "next month".
THIS_TIME = re.compile(
    r"\b(?:this|these) (?:year|years|month|months|week|weeks|summer|spring|fall|autumn|winter)\b"
)
#: Words about where an answer's figures come from and how old they are: any sourced answer has those.
ABOUT_THE_SOURCES = frozenset(
    """
    source sources sourced cite cited citation reference references number numbers figure figures data
    stat stats statistic statistics survey study old date dated recent current updated outdated
    accurate accuracy reliable legit
    """.split()
)
#: Words about what a figure counts (its pay basis, its period): only an answer that uses them has those.
ABOUT_THE_FIGURES = frozenset(
    """
    base gross net tax taxes pretax pre before after total tc ctc yearly annual annually monthly hourly
    year month hour currency usd dollars median average mean bonus include includes including
    """.split()
)
ABOUT_THE_ANSWER = ABOUT_THE_SOURCES | ABOUT_THE_FIGURES
#: Words that ask about pay: "which of those pays best?", "what would they earn?".
PAY = frozenset("pay pays paid salary salaries earn earns earning compensation".split())
#: ... and the phrase that does: "how much would I make there?" (the word "make" alone asks nothing).
PAY_PHRASE = re.compile(r"\bhow much (?:\w+ ){0,4}(?:make|making)\b")
#: "paid" as an attribute of a thing bought ("one of those paid 12 week programs", "free or paid courses"):
#: what it costs, not what it pays.
PAID_THING = re.compile(
    r"\b(?:a|an|the|those|these|some|any|or) paid\b(?! (?:more|less|well|better|best|worse)\b)"
)
#: An amount of money in an answer ("$206,000", "€65k", "₹25 lakh"): the answer states pay.
MONEY = re.compile(r"[$€£₹]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:k|lpa|lakhs?)\b", re.IGNORECASE)
#: Two-word versions: "where's that number from?", "is that per year?".
ABOUT_THE_ANSWER_PHRASE = re.compile(r"\b(?:where\w* .*\bfrom|per (?:year|month|hour|annum)|up to date)\b")
#: Words that change a slot to its absence ("and without a phd?").
ABSENCE = frozenset("without".split())
#: Ages and years a follow-up may change alone ("at 40?", "what about 2030?"): the topic stays.
NUMBER = re.compile(r"\b\d+(?:s|k)?\b")
#: Words that ask to have what was just said again, shorter or plainer ("tldr?", "explain simpler pls",
#: "eli5", "in short?", "can you put that in plain words"): the same answer, not a new topic.
RESTATE = frozenset(
    """
    tldr tl dr eli5 short shorter simple simpler simply plain dumb summary summarize summarise summarised
    summarized rephrase repeat briefly
    """.split()
)
#: Words that ask for more of what was just said ("why?", "examples?", "how so?"), not for a new topic.
MORE_OF_IT = RESTATE | frozenset(
    """
    why how come so example examples eg instance explain elaborate detail details more meaning mean
    say put words english five version down
    """.split()
)
#: Asking words among them, one of which a request for more must name ("so?" or "more" alone is no request).
ASKING_MORE = RESTATE | frozenset(
    "why come example examples eg instance explain elaborate detail details".split()
)
#: ... and the phrase that asks it: "how so?" ("so" alone asks nothing).
HOW_SO = re.compile(r"\bhow so\b")
#: "the tensorflow developer one", "the free ones": a kind of what was just said, not a new topic. The
#: kind is the words right before "one", no preposition or conjunction among them, and "one of those"
#: is the thing said itself ("do i need a masters to land one of those").
KIND_OF_IT = re.compile(
    r"\b(?:the|a|that|this) (?:(?!(?:to|of|for|in|on|with|and|or) )\w+ ){1,3}ones?\b(?! of\b)"
)
#: A choice between the things said before: "which one should I learn?", "which of the two pays more?".
CHOICE = re.compile(r"\b(?:which|what) (?:one|ones|of)\b|\b(?:both|either)\b")


#: A message that points at one of two things just named: "who made the second one?", "the former"
#: (not "the first step", "the second year": those name a thing of their own).
ORDINAL = re.compile(
    r"\bthe (?:(?P<first>(?:first|1st) (?:one|option|choice)|former)"
    r"|(?:second|2nd) (?:one|option|choice)|latter)\b"
)
#: What sets two alternatives side by side: "tensorflow or pytorch", "research scientist vs ml engineer",
#: and after "between", "and" ("the difference between a research scientist and a research engineer").
CONNECTOR = re.compile(r"\s+(?:or|vs|versus)\s+")
BETWEEN = re.compile(r"\bbetween\s+")
BETWEEN_CONNECTOR = re.compile(r"\s+(?:and|or|vs|versus)\s+")
ARTICLES = frozenset("a an the".split())
#: Punctuation that ends a run of words naming one alternative.
BREAK = re.compile(r"[,.;:!?()\[\]]")
