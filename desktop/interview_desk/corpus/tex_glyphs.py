"""What TeX commands look like once rendered: the glyph KaTeX draws for a symbol, the
commands that only style or arrange their arguments. Shared by the copied-KaTeX repair
(``katex``) and the plain-text reading of formulas (``tex_text``)."""

from __future__ import annotations

SYMBOLS = {
    "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "∙", "oplus": "⊕", "otimes": "⊗", "odot": "⊙",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "gets": "←",
    "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃",
    "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "ldots": "…", "dots": "…",
    "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "mid": "∣", "vert": "∣", "Vert": "∥",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
    "rceil": "⌉", "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]",
    "prime": "′", "neg": "¬", "land": "∧", "lor": "∨", "top": "⊤", "emptyset": "∅",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "ell": "ℓ",
}
# Accent marks as KaTeX's MathML writes them (after their base).
ACCENTS = {"hat": "^", "tilde": "~", "bar": "ˉ", "vec": "⃗", "dot": "˙", "ddot": "¨",
           "check": "ˇ", "breve": "˘", "acute": "ˊ", "grave": "ˋ"}
FUNCTIONS = {"sin", "cos", "tan", "log", "ln", "exp", "max", "min", "arg", "lim", "det",
              "sup", "inf", "tanh", "sigmoid", "softmax", "argmax", "argmin", "Pr", "dim"}
TEXT_COMMANDS = {"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "operatorname",
         "mathrm"}
# No glyph of their own: the groups after them are ordinary math.
SILENT = {"frac", "dfrac", "tfrac", "sqrt", "left", "right", "big", "Big", "bigg", "Bigg",
           "bigl", "bigr", "Bigl", "Bigr", "middle", "limits", "nolimits", "displaystyle",
           "textstyle", "quad", "qquad", "mathbf", "mathit", "mathcal", "mathbb", "mathsf",
           "mathtt", "boldsymbol", "bm", "mathfrak", "underbrace", "overbrace", "binom",
           "begin", "end", "label", "tag", "nonumber", "hspace", "vspace"}
ESCAPED = {"{": "{", "}": "}", "_": "_", "%": "%", "#": "#", "&": "&", "$": "$", "|": "∥"}
