"""The one error family of the core, and messages kept as codes with parameters until they are shown.

A `Message` is a catalogue key (`errors.unknown_indicator`) and its parameters; it is rendered in the reader's
language only when shown (`text(lang)`), so a list of problems can be shown again in the other language. A
parameter that is itself a Message or a Named is rendered in the same language (a role's name, a field's label).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .i18n import LANGS, t


@dataclass(frozen=True)
class Message:
    """A catalogue code and its parameters; the text is made in the reader's language when shown."""

    code: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def text(self, lang: str) -> str:
        """The message in lang (a code the catalogue lacks is shown as it is: legacy plain text)."""
        return t(self.code, lang, **{k: _render(v, lang) for k, v in self.params.items()})

    def both(self) -> str:
        """Chinese then English (one text when they are the same): for logs and readers of unknown language."""
        texts = list(dict.fromkeys(self.text(lang) for lang in LANGS))
        return " ".join(texts)

    def as_dict(self, lang: str) -> dict[str, object]:
        """Stable code, its parameters and the text in lang: the JSON form."""
        params = {k: _render(v, lang) for k, v in self.params.items()}
        return {"code": self.code, "params": params, "message": self.text(lang)}

    def __str__(self) -> str:
        return self.both()


@dataclass(frozen=True)
class Named:
    """A name given in both languages (an indicator's, a region's), as a message parameter."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        """The name in lang."""
        return self.zh if lang == "zh" else self.en


def _render(value: object, lang: str) -> object:
    return value.text(lang) if isinstance(value, (Message, Named)) else value


def message(code: str, **params: object) -> Message:
    """Message(code, params) written like a call: message('errors.unknown_region', text='火星')."""
    return Message(code, MappingProxyType(dict(params)))


class UserError(Exception):
    """A problem the user can fix: a catalogue code and parameters, shown in the reader's language, never a traceback.

    `UserError("errors.unknown_indicator", text=x)`; a plain sentence instead of a code is shown as it is.
    """

    def __init__(self, code: str | Message, /, **params: object):
        self.message = code if isinstance(code, Message) else message(code, **params)
        super().__init__(self.message.both())

    @property
    def code(self) -> str:
        """The stable catalogue code."""
        return self.message.code

    @property
    def params(self) -> Mapping[str, object]:
        """The parameters the text is made with."""
        return self.message.params

    def text(self, lang: str) -> str:
        """The message in the reader's language."""
        return self.message.text(lang)


class CatalogInvalid(UserError):
    """The indicator, region or domain catalogue failed validation: every problem, each a Message."""

    def __init__(self, problems: list[Message]):
        self.problems = problems
        super().__init__("errors.catalog_invalid", n=len(problems), first=problems[0] if problems else "")

    def text(self, lang: str) -> str:
        """Every problem in lang, separated by semicolons."""
        return "; ".join(p.text(lang) for p in self.problems)

    def __str__(self) -> str:
        return "; ".join(p.both() for p in self.problems)
