"""A small declarative validator for the spec's sections (:mod:`zzprint.spec.schema`).

Why not pydantic: importing it and building the spec's models took ~130 ms of a
~750 ms cold ``zzprint build``, for a dozen flat sections.  This module does the part
we used, with pydantic's lax-mode rules and message texts (users see them and the
tests check them):

* a section is a class deriving from :class:`Strict` with annotated fields and
  defaults (``lines: int = field(98, ge=1, le=400)``); instances are frozen and
  read by attribute;
* values are converted as pydantic's lax mode does: ``"8"`` and ``8.0`` → ``8`` for
  an ``int``, ``int`` → ``float``, ``yes``/``no``/``1``/``0`` → ``bool``; in a union the
  member of the value's own type wins, else the first that accepts it;
* unknown keys are errors (``extra="forbid"``), defaults are used as given (not
  validated, not converted).

:meth:`Strict.validate` checks a whole tree of plain data in one pass and returns
every error with the path of the value it is about, so that :mod:`zzprint.spec.load`
can name FILE:LINE:COL for each.  A wrong value with a default falls back to the
default, so the rest of the spec can still be checked; the tree cannot be built when
a required key is missing or wrong, or an item of a list is (the loader then
reports the validation errors only).

Annotations are strings (``from __future__ import annotations``); each class's are
evaluated once, in its module's namespace, the first time a class validates data —
not at import, which is the point of this module.
"""

from __future__ import annotations

import inspect  # (dataclasses imports it anyway)
import math
import re
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, NamedTuple

from ..i18n import _, ngettext


class Error(NamedTuple):
    """One problem with the data: where, what kind, and pydantic's wording of it."""

    path: tuple  # keys and indices from the root of the data
    kind: str  # "missing" (a required key), "extra" (an unknown key), "key" (not a string) or "value"
    message: str
    known: tuple[str, ...] = ()  # for "extra": the keys the section accepts


_REQUIRED: Any = object()  # field(): no default, the key must be given


class Field:
    """A field's default and constraints; see :func:`field`."""

    __slots__ = ("default", "ge", "gt", "le", "min_length")

    def __init__(self, default: Any, ge: Any, le: Any, gt: Any, min_length: int | None):
        self.default, self.ge, self.le, self.gt, self.min_length = default, ge, le, gt, min_length


def field(default: Any = _REQUIRED, *, ge: float | None = None, le: float | None = None, gt: float | None = None,
          min_length: int | None = None) -> Any:
    """A field with constraints: numbers ``ge``/``le``/``gt``, lists ``min_length``; no default → required.

    A list or dict default is copied for each instance.
    """
    return Field(default, ge, le, gt, min_length)


# A checker converts one value or reports why it cannot: it returns the converted value,
# or _DROP (the value is wrong: a default may stand in) or _FATAL (something inside it is
# wrong that no default can replace), after appending the errors.
Checker = Callable[[Any, tuple, list[Error]], Any]
_DROP: Any = object()
_FATAL: Any = object()


class Strict:
    """Base of the spec's sections: fields from annotations, frozen instances, unknown keys refused."""

    _fields: dict[str, Field]  # name → default and constraints, in declaration order
    _annotations: dict[str, str]  # name → annotation (a string, not evaluated until needed)
    _check: Checker | None  # built on first validation

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = dict(getattr(cls, "_fields", {}))
        annotations = dict(getattr(cls, "_annotations", {}))
        for name, annotation in inspect.get_annotations(cls).items():  # this class's own, as written
            if name.startswith("_"):
                continue
            value = cls.__dict__.get(name, _REQUIRED)
            fields[name] = value if isinstance(value, Field) else Field(value, None, None, None, None)
            annotations[name] = annotation
            if name in cls.__dict__:
                delattr(cls, name)  # instances hold the values; the class attribute would only confuse
        cls._fields, cls._annotations, cls._check = fields, annotations, None

    def __init__(self, **values: Any):
        """Build from keyword values, validated like data; ValueError lists the problems."""
        if not values:  # defaults only (the usual case, in class bodies): nothing to check
            missing = [name for name, f in self._fields.items() if f.default is _REQUIRED]
            if missing:
                raise ValueError(f"{type(self).__name__}: missing required {', '.join(missing)}")
            self.__dict__.update({name: _fresh(f.default) for name, f in self._fields.items()})
            return
        built, errors = type(self).validate(values)
        if errors:
            raise ValueError(f"{type(self).__name__}: " + "; ".join(
                f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors))
        self.__dict__.update(built.__dict__)

    @classmethod
    def validate(cls, data: Any) -> tuple[Any, list[Error]]:
        """(instance, []) for good data; else (instance with defaults for the wrong values, or None, errors)."""
        errors: list[Error] = []
        built = _model_checker(cls)(data, (), errors)
        return (None if built is _DROP or built is _FATAL else built), errors

    def as_dict(self, exclude_none: bool = False) -> dict[str, Any]:
        """The field values by name, in declaration order."""
        return {k: v for k, v in self.__dict__.items() if not (exclude_none and v is None)}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *map(_hashable, self.__dict__.values())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


def _hashable(value: Any) -> Any:
    """A field value as something hash() takes: lists (a colour, a crop) as tuples, dicts as sorted pairs."""
    if isinstance(value, list):
        return tuple(map(_hashable, value))
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def _fresh(default: Any) -> Any:
    """A default list or dict is copied, so no two instances share one."""
    return default.copy() if isinstance(default, (list, dict)) else default


# --- building the checkers ---------------------------------------------------------------------

def _model_checker(cls: type[Strict]) -> Checker:
    if cls._check is None:
        cls._check = _build_model_checker(cls)
    return cls._check


def _build_model_checker(cls: type[Strict]) -> Checker:
    namespace = vars(sys.modules[cls.__module__])
    checkers = {name: _checker(eval(annotation, namespace) if isinstance(annotation, str) else annotation,
                               cls._fields[name])
                for name, annotation in cls._annotations.items()}
    fields = cls._fields
    known = tuple(fields)

    def check(value: Any, path: tuple, errors: list[Error]) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            errors.append(Error(path, "value", _("Input should be a valid dictionary or instance of {name}").format(name=cls.__name__)))
            return _DROP
        values = {}
        fatal = False
        for name, checker in checkers.items():  # pydantic's order: the fields first, then unknown keys
            default = fields[name].default
            if name not in value:
                if default is _REQUIRED:
                    errors.append(Error(path + (name,), "missing", _("Field required")))
                    fatal = True
                values[name] = _fresh(default)
                continue
            result = checker(value[name], path + (name,), errors)
            if result is _FATAL or result is _DROP and default is _REQUIRED:
                fatal = True
            values[name] = _fresh(default) if result is _DROP else result
        for key in value:
            if not isinstance(key, str):
                errors.append(Error(path + (key,), "key", _("Keys should be strings")))
            elif key not in fields:
                errors.append(Error(path + (key,), "extra", _("Extra inputs are not permitted"), known))
        if fatal:
            return _FATAL
        built = object.__new__(cls)
        built.__dict__.update(values)
        return built

    return check


def _checker(tp: Any, f: Field) -> Checker:
    """The checker for an (evaluated) annotation; ``f``'s constraints apply to its non-None part."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        members = [a for a in args if a is not type(None)]
        inner = _checker(members[0], f) if len(members) == 1 else _union([_checker(m, f) for m in members], members)
        if len(members) == len(args):
            return inner
        return lambda value, path, errors: None if value is None else inner(value, path, errors)
    if origin is typing.Literal:
        return _literal(args)
    if origin is list:
        return _list(_checker(args[0], _NO_CONSTRAINTS), f.min_length)
    if origin is dict:
        if args[0] is not str:
            raise TypeError(f"dict keys must be str, not {args[0]!r}")
        return _dict(_checker(args[1], _NO_CONSTRAINTS))
    if isinstance(tp, type) and issubclass(tp, Strict):
        # Looked up when first used: a section may name one declared further down.
        return lambda value, path, errors: _model_checker(tp)(value, path, errors)
    if tp in _SCALARS:
        return _scalar(_SCALARS[tp], f)
    raise TypeError(f"unsupported annotation {tp!r}")


_NO_CONSTRAINTS = Field(_REQUIRED, None, None, None, None)


def _scalar(convert: Callable[[Any], Any], f: Field) -> Checker:
    bounds = [(limit, test, words.format(limit=_number(limit)))
              for limit, test, words in ((f.le, lambda v, x: v <= x, _("Input should be less than or equal to {limit}")),
                                         (f.ge, lambda v, x: v >= x, _("Input should be greater than or equal to {limit}")),
                                         (f.gt, lambda v, x: v > x, _("Input should be greater than {limit}")))
              if limit is not None]  # pydantic's order of checks: it matters only for NaN (fails them all)

    def check(value: Any, path: tuple, errors: list[Error]) -> Any:
        try:
            value = convert(value)
        except _Invalid as err:
            errors.append(Error(path, "value", str(err)))
            return _DROP
        for limit, test, message in bounds:
            if not test(value, limit):
                errors.append(Error(path, "value", message))
                return _DROP
        return value

    return check


def _number(limit: float) -> str:
    """A bound as pydantic prints it: 2.0 as 2, 0.3 as 0.3."""
    return str(int(limit)) if isinstance(limit, float) and limit.is_integer() else str(limit)


def _union(checkers: list[Checker], members: list[Any]) -> Checker:
    """pydantic's "smart" union: the member of the value's own type first, else the first that accepts it."""
    exact = [(typing.get_origin(m) or m, c) for m, c in zip(members, checkers)]

    def check(value: Any, path: tuple, errors: list[Error]) -> Any:
        for kind, checker in exact:
            if type(value) is kind:
                result = checker(value, path, scratch := [])
                if result is not _DROP and result is not _FATAL:
                    return result
                break
        found: list[Error] = []
        for checker in checkers:
            result = checker(value, path, scratch := [])
            if result is not _DROP and result is not _FATAL:
                return result
            found += scratch
        errors += found  # every member's reason, as pydantic lists them
        return _DROP

    return check


def _literal(choices: tuple[str, ...]) -> Checker:
    quoted = [f"'{c}'" for c in choices]
    message = (_("Input should be {choices} or {last}").format(choices=", ".join(quoted[:-1]), last=quoted[-1])
               if len(quoted) > 1 else _("Input should be {choice}").format(choice=quoted[0]))

    def check(value: Any, path: tuple, errors: list[Error]) -> Any:
        if isinstance(value, str) and value in choices:
            return value
        errors.append(Error(path, "value", message))
        return _DROP

    return check


def _list(item: Checker, min_length: int | None) -> Checker:
    def check(value: Any, path: tuple, errors: list[Error]) -> Any:
        if not isinstance(value, (list, tuple)):
            errors.append(Error(path, "value", _("Input should be a valid list")))
            return _DROP
        items = [item(v, path + (i,), errors) for i, v in enumerate(value)]
        if any(v is _DROP or v is _FATAL for v in items):
            return _FATAL  # an item cannot be left out or defaulted: the whole tree fails
        if min_length is not None and len(items) < min_length:
            errors.append(Error(path, "value", ngettext("List should have at least {min_length} item after validation, not {count}",
                                                         "List should have at least {min_length} items after validation, not {count}",
                                                         min_length).format(min_length=min_length, count=len(items))))
            return _DROP
        return items

    return check


def _dict(item: Checker) -> Checker:
    def check(value: Any, path: tuple, errors: list[Error]) -> Any:
        if not isinstance(value, dict):
            errors.append(Error(path, "value", _("Input should be a valid dictionary")))
            return _DROP
        result = {}
        fatal = False
        for key, v in value.items():
            if not isinstance(key, str):
                errors.append(Error(path + (key,), "key", _("Input should be a valid string")))
            converted = item(v, path + (key,), errors)
            fatal = fatal or converted is _FATAL
            if converted is not _DROP and isinstance(key, str):
                result[key] = converted  # a wrong entry is left out
        return _FATAL if fatal else result

    return check


# --- scalars: pydantic's lax-mode conversions -------------------------------------------------

class _Invalid(ValueError):
    pass


# What pydantic (Rust's str::trim) strips around a number written as a string.
_WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
              "\u2028\u2029\u202f\u205f\u3000"
_INT_TEXT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?", re.ASCII)  # "8", "+3", "1_000", "8.00"
_I64 = 2 ** 63


def _text(value: bytes | bytearray, message: str) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise _Invalid(message) from None


def _to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):  # YAML !!binary
        return _text(value, _("Input should be a valid string, unable to parse raw data as a unicode string"))
    raise _Invalid(_("Input should be a valid string"))


def _to_int(value: Any) -> int:
    if isinstance(value, int):
        return int(value)  # True → 1, as pydantic's lax mode
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Invalid(_("Input should be a finite number"))
        if not value.is_integer():
            raise _Invalid(_("Input should be a valid integer, got a number with a fractional part"))
        if not -_I64 < value < _I64:
            raise _Invalid(_("Unable to parse input string as an integer, exceeded maximum size"))
        return int(value)
    message = _("Input should be a valid integer, unable to parse string as an integer")
    if isinstance(value, bytes):
        value = _text(value, message)
    if isinstance(value, str):
        text = value.strip(_WHITESPACE)
        if len(text) > 4300:  # Python's limit for int(str)
            raise _Invalid(_("Unable to parse input string as an integer, exceeded maximum size"))
        if _INT_TEXT.fullmatch(text):
            return int(text.partition(".")[0])
        raise _Invalid(message)
    raise _Invalid(_("Input should be a valid integer"))


def _to_float(value: Any) -> float:
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an int of more than 308 digits
            raise _Invalid(_("Input should be a valid number")) from None
    message = _("Input should be a valid number, unable to parse string as a number")
    if isinstance(value, bytes):
        value = _text(value, message)
    if isinstance(value, str):
        # As pydantic: the text without surrounding blanks, else with its "_" removed (1_000).
        number = _float_text(value.strip(_WHITESPACE))
        if number is None and "_" in value and not value.startswith("_") and not value.endswith("_") \
                and "__" not in value:
            number = _float_text(value.replace("_", ""))
        if number is None:
            raise _Invalid(message)
        return number
    raise _Invalid(_("Input should be a valid number"))


def _float_text(text: str) -> float | None:
    """Rust's str::parse::<f64>: float() without its blanks, underscores and non-ASCII digits."""
    if not text.isascii() or "_" in text or text != text.strip() or " " in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    parsing = _("Input should be a valid boolean, unable to interpret input")
    if isinstance(value, bytes):
        value = _text(value, parsing)
    if isinstance(value, str):
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise _Invalid(parsing)
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, int) and -_I64 <= value < _I64 or isinstance(value, float) and value.is_integer() \
            and -_I64 < value < _I64:
        raise _Invalid(parsing)
    raise _Invalid(_("Input should be a valid boolean"))


_SCALARS: dict[Any, Callable[[Any], Any]] = {str: _to_str, int: _to_int, float: _to_float, bool: _to_bool}
