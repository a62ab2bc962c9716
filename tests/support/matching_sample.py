"""A small in-memory knowledge base for focused matcher tests."""

from __future__ import annotations

from bot.knowledge.models import Entry, KnowledgeSnapshot

SYNONYMS = {
    "machine learning engineer": ("ml eng", "ml engineer", "mle", "ml engineers"),
    "ai engineer": ("ai eng", "ai engineers"),
    "salary": ("tc", "comp", "$$", "pay", "earn"),
    "new york": ("nyc",),
    "tensorflow": ("tf",),
    "pytorch": ("torch",),
    "versus": ("vs",),
}


def _entry(
    entry_id: str, category: str, question: str, *alternates: str, keywords: tuple[str, ...] = ()
) -> Entry:
    return Entry(
        id=entry_id,
        question=question,
        answer=f"Answer about {entry_id}.",
        category=category,
        alternates=alternates,
        keywords=keywords,
    )


ENTRIES = (
    _entry(
        "salary-comparison",
        "salary",
        "Which role has a higher salary, AI engineer or machine learning engineer?",
        "who earns more ai or machine learning engineers",
        "ai engineer versus machine learning engineer salary",
    ),
    _entry(
        "salary-by-location",
        "salary",
        "How does salary differ by location?",
        "machine learning engineer salary in new york",
        "ai engineer salary in silicon valley",
        keywords=("city", "location"),
    ),
    _entry(
        "ml-engineer-role",
        "roles",
        "What does a machine learning engineer do?",
        "machine learning engineer job duties",
    ),
    _entry("ai-engineer-role", "roles", "What does an AI engineer do?", "ai engineer responsibilities"),
    _entry(
        "ai-vs-ml-engineer",
        "roles",
        "What is the difference between an AI engineer and a machine learning engineer?",
        "ai engineer versus machine learning engineer difference",
    ),
    _entry("tool-tensorflow", "tools", "What is TensorFlow?", "is tensorflow worth learning"),
    _entry("tool-pytorch", "tools", "What is PyTorch?", "why do researchers like pytorch"),
    _entry(
        "tensorflow-vs-pytorch",
        "tools",
        "Should I learn TensorFlow or PyTorch?",
        "tensorflow versus pytorch which one",
    ),
    _entry("deep-learning-layers", "skills", "How do neural network layers work?", "what is a hidden layer"),
    _entry("html-basics", "skills", "Do I need HTML for web apps?", "html for a model demo page"),
    _entry("masters-or-phd", "education", "Do I need a PhD?", "is a phd worth it for machine learning"),
    _entry("greeting", "meta", "Hello!", "hi there", "hey bot"),
)

SNAPSHOT = KnowledgeSnapshot(entries=ENTRIES, synonyms=SYNONYMS, small_talk_categories=frozenset({"meta"}))
