"""Characters that hide or reorder text made visible: bidi controls and control characters as \\uXXXX.

"正常指标\\u202egnp.exe" would show as 「正常指标exe.png」 and an ESC in a label can clear an operator's terminal; shown
through here, both read as what they are. JSON stays valid JSON with the same value: `\\u202e` inside a JSON string
is that character.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides, isolates and marks (Unicode TR 9), then C0 controls but tab and newline, DEL and C1.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
BIDI_CHARS = "\u061c\u200e\u200f" + "".join(map(chr, range(0x202A, 0x202F))) + "".join(map(chr, range(0x2066, 0x206A)))
_HIDDEN = re.compile(f"[{BIDI}\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]")
_BIDI = re.compile(f"[{BIDI}]")


def _code(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group(0)):04x}"


def reveal(text: str) -> str:
    """Text with bidi controls and control characters (tab and newline kept) written out as \\uXXXX."""
    return _HIDDEN.sub(_code, text)


def reveal_bidi(text: str) -> str:
    """Text with only its bidi controls written out as \\uXXXX (for places that drop other controls themselves)."""
    return _BIDI.sub(_code, text)
