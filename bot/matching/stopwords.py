"""Words that carry no topic: function words and chat filler.

They are ignored when comparing a question with the knowledge, so "hey guys, quick q: what is mlops" is
compared as "mlops". Chat filler includes the abbreviations people type in a Discord channel ("ngl",
"fr", "tho", "lowkey", "smth", "abt") and idioms ("in a nutshell"): read as unknown words they weighed
like rare ones and drowned the words that tell the topic ("which one pays more tho"). So are the
slang verdicts that say how the asker feels about a thing, not what it is ("cooked", "cope", "goated",
"vibes", "wild", "cringe"); "mid" stays a word ("mid-level"), and so do "lit" (a literature review),
"cap" (a cap table) and "based" ("based on"). Words that do signal a topic (thanks, hello, help,
without, no, more, should) are deliberately left out.
"""

from __future__ import annotations

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above actually after again against all also am an and any anyone anybody anything are arent
    as at be because been before being below between both but by can cant could couldnt did didnt do
    does doesnt doing dont down during each either else ever every few for from further get gets getting
    got gonna guys had hadnt has hasnt have havent having he hed hes her here hers herself him himself his
    how hows i id if ill im in into is isnt it its itself ive just kinda kind let lets like me might mine most
    much must my myself now of off on once one only or other ought our ours ourselves out over
    own per please pls plz quick q really same shall she shouldnt so some something sort such than
    that thats the their theirs them themselves then there theres these they theyd theyll theyre theyve
    thing things this those though through to too u ur under until up upon us very via wanna want wants
    was wasnt we wed well were werent weve what whats when whens where wheres whether which while who whos
    whom why whys will with wont would wouldnt ya yall yeah yes yet you youd youll your youre
    yours yourself yourselves youve tell know wondering question questions curious asking ask honestly
    basically literally maybe probably lol lmao tbh idk imo imho ok okay um uh hmm btw anyway anyways
    currently rn someone somebody somewhat still
    ngl fr frfr tho tryna lowkey highkey nah bruh fam smh wtf deadass istg wdym afaik iirc w
    smth sth bc cuz coz abt idc nvm lmk omg sorta obv obvs prob probs tbf ofc tldr ig idek atm irl fwiw
    jk hmu fyi bro dude gotta thru nutshell wat wut
    cooked cope coping copium vibes goated goat sick wild insane cringe sus dope af asf lmfao rofl haha
    hahaha xd ikr ong iykyk imma ima finna gimme lemme hafta oughta yk ykwim rly rlly srsly prolly
    legit defo deffo genuinely totally definitely whatever yea yep yup aight alr asap hbu wbu bout n
    doomposting gatekeep gatekeeping
    till til untill along alongside esp especially particularly
    """.split()
)
