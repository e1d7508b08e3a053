"""Attention and positional-encoding math in plain numpy (no Qt), for the visualizers.

``attention``: scaled dot-product attention, masks, multi-head with MQA/GQA sharing.
``positional``: sinusoidal, learned, RoPE (with PI/NTK scaling), ALiBi, T5 buckets.
``scene``: one attention picture computed from the view's settings.
``presets``: which view settings fit a corpus entry.
"""
