"""Named choices from config (`loss: kl`, `arch: bert`, `metric: mcc`, ...) mapped to code, one registry
per kind of name. A registry is a dict (ordered as registered) whose missing names fail with one clear
message naming the kind and the known names; tests/test_registries.py checks each against its schema enum."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

T = TypeVar("T")


class UnknownName(ValueError):
    """A config names something that no registry entry provides."""


class Registry(dict):
    def __init__(self, kind: str, entries: dict[str, Any] | None = None):
        super().__init__(entries or {})
        self.kind = kind

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator: `@LOSSES.register("kl")` adds the decorated object under `name`."""
        def add(obj: T) -> T:
            if name in self:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self[name] = obj
            return obj

        return add

    def __missing__(self, name: str):
        raise UnknownName(f"unknown {self.kind} {name!r}; known: {sorted(self)}")
