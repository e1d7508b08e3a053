"""The real attention of a local GGUF model: a numpy forward pass from its own weights.

No Qt and no PyTorch. ``weights`` maps the file and dequantizes one tensor at a time with
``gguf.quants``; ``forward`` runs the LLaMA-family decoder (RMSNorm, RoPE, GQA, SwiGLU,
Qwen2's QKV biases) and keeps every layer's and head's attention weights; ``analysis``
turns those into rollout, entropy and head-pattern labels; ``vocab`` tokenizes with the
model's own tokenizer; ``runner`` ties them together with a cache per (model, text).
"""
