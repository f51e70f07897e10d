"""How a change is judged in words: its direction by the indicator's polarity, and whether it is within normal
variation (the Poisson test), marked apart so that a leader sees both (pure; compute/change.py holds the rules)."""

from __future__ import annotations

from .i18n import t

VERDICTS = ("improved", "worsened", "stable", "neutral", "not_comparable")


def verdict_label(assessment: str | None, noise: bool, lang: str) -> str:
    """向好 / 变差（正常波动范围内）/ 基本持平 …; '' without an assessment."""
    if not assessment:
        return ""
    text = t(f"common.{assessment}", lang)
    return t("common.with_noise", lang, verdict=text) if noise else text


def legend_items(lang: str) -> list[tuple[str, bool, str]]:
    """(assessment, noise, label) of every mark a page's colours use, in reading order."""
    return [("improved", False, verdict_label("improved", False, lang)),
            ("improved", True, verdict_label("improved", True, lang)),
            ("worsened", False, verdict_label("worsened", False, lang)),
            ("worsened", True, verdict_label("worsened", True, lang)),
            ("stable", False, verdict_label("stable", False, lang))]
