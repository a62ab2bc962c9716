"""A small in-memory knowledge base for the Discord feature tests: two categories with related
questions and sources, synonyms so "ai engineer vs ml engineer" is ambiguous, and three roles."""

from __future__ import annotations

from bot.knowledge.models import (
    ROLE_ASPECTS,
    Entry,
    Fact,
    KnowledgeSnapshot,
    RoleProfile,
    SalaryFigure,
    Source,
)

BLS = Source("U.S. Bureau of Labor Statistics, OEWS", "https://www.bls.gov/oes/", "May 2024")
LEVELS = Source("Levels.fyi end of year pay report", "https://www.levels.fyi/2024/", "December 2024")
BLS_FACT = Fact(
    "bls-oews-2024",
    "Median base $180,000.",
    BLS.title,
    BLS.url,
    BLS.as_of,
    "2024-05",
    "high",
    False,
    (180_000,),
)
LEVELS_FACT = Fact(
    "levels-fyi-2024",
    "Median pay $300,600 (AI) and $260,000 (ML).",
    LEVELS.title,
    LEVELS.url,
    LEVELS.as_of,
    "2024-12",
    "medium",
    True,
    (300_600, 260_000),
)
FACTS = (BLS_FACT, LEVELS_FACT)
_BY_SOURCE = {"Levels.fyi": LEVELS_FACT, "BLS OEWS": BLS_FACT}

SYNONYMS = {
    "machine learning engineer": ("ml eng", "ml engineer", "mle", "ml engineers"),
    "ai engineer": ("ai eng", "ai engineers"),
    "salary": ("tc", "comp", "pay", "earn"),
    "new york": ("nyc",),
    "versus": ("vs",),
}


def _entry(
    entry_id: str,
    category: str,
    question: str,
    *alternates: str,
    related: tuple[str, ...] = (),
    sources: tuple[Source, ...] = (),
) -> Entry:
    return Entry(
        id=entry_id,
        question=question,
        answer=f"**{question}** A curated answer about {entry_id}.\n\nA second paragraph with more detail.",
        category=category,
        alternates=alternates,
        related=related,
        sources=sources,
    )


ENTRIES = (
    _entry(
        "salary-comparison",
        "salary",
        "Which role has a higher salary, AI engineer or machine learning engineer?",
        "who earns more ai or machine learning engineers",
        "ai engineer versus machine learning engineer salary",
        related=("salary-by-location", "ai-engineer-role", "ml-engineer-role"),
        sources=(BLS, LEVELS),
    ),
    _entry(
        "salary-by-location",
        "salary",
        "How does salary differ by location?",
        "machine learning engineer salary in new york",
        "ai engineer salary in silicon valley",
        related=("salary-comparison",),
        sources=(BLS,),
    ),
    _entry(
        "ml-engineer-role",
        "roles",
        "What does a machine learning engineer do?",
        "machine learning engineer job duties",
        related=("ai-engineer-role", "ai-vs-ml-engineer"),
    ),
    _entry(
        "ai-engineer-role",
        "roles",
        "What does an AI engineer do?",
        "ai engineer responsibilities",
        related=("ml-engineer-role", "ai-vs-ml-engineer", "salary-comparison"),
    ),
    _entry(
        "ai-vs-ml-engineer",
        "roles",
        "What is the difference between an AI engineer and a machine learning engineer?",
        "ai engineer versus machine learning engineer difference",
        related=("salary-comparison",),
    ),
    _entry("masters-or-phd", "education", "Do I need a PhD?", "is a phd worth it for machine learning"),
)


def _role(role_id: str, name: str, *figures: SalaryFigure) -> RoleProfile:
    """A profile whose salary figures cite the sample facts, as the loader would fill them in; the
    salary aspect states the first figure."""
    aspects = {aspect: f"{name}: {aspect.replace('_', ' ')} in a few lines." for aspect in ROLE_ASPECTS}
    cited = tuple(dict.fromkeys(_BY_SOURCE[figure.source] for figure in figures))
    filled = tuple(
        SalaryFigure(
            f.label,
            f.amount_usd,
            f.pay,
            _BY_SOURCE[f.source].title,
            _BY_SOURCE[f.source].as_of,
            fact=_BY_SOURCE[f.source].id,
            url=_BY_SOURCE[f.source].url,
            caveated=_BY_SOURCE[f.source].needs_caveat,
        )
        for f in figures
    )
    if figures:
        aspects["salary"] = f"{name}: median pay reportedly ${figures[0].amount_usd:,} (U.S.)."
    return RoleProfile(
        id=role_id,
        name=name,
        summary=f"What a {name} does, in one sentence.",
        aspects=aspects,
        salary_figures=filled,
        sources=tuple(fact.cited_source for fact in cited),
        facts=tuple(fact.id for fact in cited),
        cited=cited,
    )


ROLES = (
    _role(
        "ai-engineer",
        "AI engineer",
        SalaryFigure("Median pay, U.S. AI engineers", 300_600, "total", "Levels.fyi", "December 2024"),
    ),
    _role(
        "ml-engineer",
        "ML engineer",
        SalaryFigure("Median pay, U.S. ML engineers", 260_000, "total", "Levels.fyi", "December 2024"),
        SalaryFigure("Median base salary, U.S.", 180_000, "base", "BLS OEWS", "May 2024"),
    ),
    _role("data-scientist", "Data scientist"),
)

SNAPSHOT = KnowledgeSnapshot(
    entries=ENTRIES, synonyms=SYNONYMS, roles=ROLES, off_topic=("lawyer", "nurse"), facts=FACTS
)
