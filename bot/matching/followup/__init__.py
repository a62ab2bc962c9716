"""Reading a message in the light of the turns before it: follow-ups, references, the answer itself.

People leave out what they said a moment ago. A follow-up can

- change one slot and leave the rest implied ("and in banking?" after healthcare, "and in
  Brazil?" after a U.S. salary, "same for data scientists"): the earlier questions' words are read
  again, weaker than the new ones, less the words of the slot being changed, so the new word
  moves the question to the neighbouring entry and the old ones keep the rest (a value with no
  entry of its own moves to the neighbour naming it: "what about retail?" after banking, the
  industries that hire; "and a data engineer?" after data scientists against ML engineers, the
  other roles);
- point back ("can I use *it* for deep learning?", "do employers care about *them*?"): the words
  it points at weigh more;
- name one option of a choice another entry weighs ("and at a startup?" after how interviews go,
  which alone reads as choosing between big tech and startups): it stays on that answer;
- name a sibling of the last answer as what "it" is asked about ("can it run on pytorch too?" after
  Keras): it stays on that answer, as does "who made it?" after TensorFlow (alone: who made the bot);
- ask about the previous answer itself ("is that base or TC?", "where's that number from?", "how
  old is that data?"): it stays on that answer;
- say nothing new but a number ("at 40?", "what about 50?"): it stays on that answer too;
- qualify the same question ("and for NLP specifically?" after portfolio projects): when the
  qualifier alone is about another part of the knowledge (another category, not related), or
  about nothing, the question stays near the last entry; and when, changing no slot, it reads best
  as an entry holding little of what the last question asked ("and for ai engineers building
  agents?" after the tech stack: what a generative-AI engineer does), it stays on the last entry;
- narrow the last answer in words the knowledge barely uses ("does it still need tensorflow
  underneath?" after Keras): read with the conversation, its own entry at a "did you mean"
  level of confidence is answered;
- ask for more of it ("why?", "why is that?", "examples?"), or for it again, shorter or plainer
  ("tldr?", "explain simpler pls"): it stays on that answer;
- ask whether its thing is a job of its own ("is that its own job or just part of being an mle?"
  after MLOps): it stays on that answer, the role it is set beside being no new topic;
- add a bare detail that changes no slot ("senior level?" after pay in India): it stays on that
  answer while the conversation still ranks it among its best two;
- continue the last question with a circumstance nothing answers ("and without a PhD?", "even with
  ten years of experience?"): it stays on that answer too;
- ask about a neighbour of the last answer without being sure of it ("can you say more about the
  statistics part?" after an ML engineer's skills): when the message alone and with the conversation
  put the same neighbour first, surer with the conversation and in the knowledge's words only, it is
  answered at a "did you mean" level of confidence;
- choose among what was said ("which one should I learn?" after two tools): each turn weighs alike;
- ask something new about what it points at, in words the last entry hardly uses ("would a PhD help
  with that?"), or ask about pay after an entry not about pay ("which of those pays best?"): only
  the entries using those words (those about pay) are ranked.

A continuation that goes on to ask a whole question ("also, what does a senior ML engineer make?")
and is answered surely alone is answered alone. When nothing is answered, alone or with the
conversation, the closest topics offered are those of the surer of the two readings.

A message that stands on its own is answered on its own (a question answered confidently alone
is read with the context only when it opens or points like a follow-up). The words that mark a
follow-up are English function words and the vocabulary of sources, dates and pay bases; what
moves between entries comes from the knowledge itself, through the matcher.

The package: `cues` holds those words, `form` reads how a message is put with them, `options` the
alternatives an earlier question named ("the second one"), `turns` the earlier turns, `phrasings` how
much of a message's words an entry's phrasings hold, `slots` where a changed slot moves, and
`reading` (FollowUps.read) the order in which the rules above apply.
"""

from bot.matching.followup.form import Form, form_of
from bot.matching.followup.options import spelled_out
from bot.matching.followup.reader import Reader
from bot.matching.followup.reading import FollowUps
from bot.matching.followup.turns import ON_TOPIC_RULE, ON_TOPIC_TEXT, Turn

__all__ = ["ON_TOPIC_RULE", "ON_TOPIC_TEXT", "FollowUps", "Form", "Reader", "Turn", "form_of", "spelled_out"]
