"""Import Whoosh without the modules a search never runs.

Whoosh's own imports reach far: ``whoosh.compat`` imports ``urllib.request`` (and with it
``http``, ``email``, ``ssl``) for a ``urlretrieve`` nothing here calls; ``whoosh.reading``
takes the ``cached_property`` package, which imports ``asyncio``; ``whoosh.query.terms``
imports ``whoosh.lang.morph_en`` (hundreds of rules compiled into regular expressions) for
``Variations`` queries, which this app never builds. Together that is more than the rest of
a command-line search. :func:`import_whoosh` imports Whoosh's core with stand-ins placed in
``sys.modules`` for just those imports, then removes them: ``urlretrieve`` and
``variations`` become functions that import the real module when called, and
``cached_property`` is the standard library's. Any later import of those modules gets
the real ones. When Whoosh is already imported this does nothing.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

# module -> names that Whoosh imports from it and that may wait until they are called.
_DEFERRED: dict[str, tuple[str, ...]] = {
    "urllib.request": ("urlretrieve",),
    "whoosh.lang.morph_en": ("variations",),
}
# The modules whose import pulls in the above: imported here, under the stand-ins.
_CORE = ("whoosh.compat", "whoosh.reading", "whoosh.query", "whoosh.searching",
         "whoosh.index")


def _deferred(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported on the first call."
    return call


def import_whoosh() -> None:
    """Import Whoosh's core modules without their unused heavy imports (see above)."""
    if "whoosh.compat" in sys.modules:
        return
    stand_ins: dict[str, types.ModuleType] = {}
    for module, names in _DEFERRED.items():
        if module not in sys.modules:
            stub = types.ModuleType(module)
            for name in names:
                setattr(stub, name, _deferred(module, name))
            stand_ins[module] = stub
    if "cached_property" not in sys.modules:
        stub = types.ModuleType("cached_property")
        stub.cached_property = functools.cached_property  # type: ignore[attr-defined]
        stand_ins["cached_property"] = stub
    sys.modules.update(stand_ins)
    try:
        for module in _CORE:
            importlib.import_module(module)
    finally:
        for module, stub in stand_ins.items():
            if sys.modules.get(module) is stub:
                del sys.modules[module]
