"""msgspec, imported without typing_extensions, which it would load only to fall back to typing.

msgspec's first import tries ``typing_extensions`` for ``get_type_hints`` (and for
``Required``/``NotRequired``, which matter only to TypedDicts, which kzreforms does not use),
and falls back to :mod:`typing`'s own. On the Pythons kzreforms supports (3.10+), typing's
``get_type_hints(include_extras=True)`` resolves every annotation of model.py the same way,
and loading typing_extensions costs about 2.5 ms at every start: a tenth of the start-up budget.
So, while msgspec is first imported, ``import typing_extensions`` fails; nothing else is affected,
and a program that already loaded typing_extensions (or msgspec) is left as it is.
Every module of kzreforms imports msgspec from here.
"""

import sys

if "msgspec" not in sys.modules and "typing_extensions" not in sys.modules:
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]
    try:
        import msgspec
    finally:
        del sys.modules["typing_extensions"]

import msgspec

__all__ = ["msgspec"]
