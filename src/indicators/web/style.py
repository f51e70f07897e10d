"""The app's few style rules: text that wraps instead of being cut, and a phone layout (≤ 640 px) whose first screen
shows the key figures. Injected once per run as a <style> element (st.html: it takes no room on the page)."""

from __future__ import annotations

import math

import streamlit as st

PHONE = "@media (max-width: 640px)"
FIT_EMS = range(4, 25)   # value widths (in ems) that get a rule of their own: wider ones shrink no further


def ems(text: str) -> float:
    """How wide text is in ems: a Chinese character 1, other characters about 0.55."""
    return sum(1.0 if "\u2e80" <= ch <= "\uffef" else 0.55 for ch in text)


def fit_ems(text: str) -> int:
    """How wide a card value is in ems (a Chinese character 1, other characters about 0.55): the whole value when it
    is short enough for one line, else its longest word (the value may break only at spaces)."""
    whole = ems(text)
    return math.ceil(whole if whole <= 9 else max((ems(w) for w in text.split()), default=0) + 0.3)


def fit_key(text: str, name: str) -> str:
    """The key of the container around a card whose value is `text`: its class picks the FIT rule for its width."""
    return f"dpfit{min(max(fit_ems(text), FIT_EMS[0]), FIT_EMS[-1])}-{name}"


FIT = "\n".join(f'[class*="st-key-dpfit{n}-"] [data-testid="stMetricValue"] {{ font-size: '
                f"max(0.85rem, min(var(--dp-value), {100 / n:.2f}cqi)) !important; }}" for n in FIT_EMS)
# a long value shrinks to its card's width (cqi: of the card, a size container) rather than wrap or overflow

CSS = f"""
[data-testid="stMetricDeltaDescription"], [data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMetric"] .stMarkdownEllipsis p, [data-testid="stMetricDeltaDescription"] p {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }}
[data-testid="stMetric"] div:has(> [data-testid="stMetricDelta"]) {{ flex-wrap: wrap; row-gap: 0.15rem;
  overflow: visible !important; }}
[data-testid="stMetricLabel"] {{ height: auto !important; min-height: 1.5rem; }}
[data-testid="stMetric"] {{ container-type: inline-size; --dp-value: 2.25rem; }}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{ word-break: keep-all !important;
  overflow-wrap: normal !important; hyphens: none !important; white-space: normal !important; }}
/* a value breaks only at a space, never inside a word or a number ("40+ organisation / s") */
{FIT}
[data-testid="stMetricLabel"] > div {{ flex: 1 1 auto; min-width: 0; }}
[data-testid="stSidebarNavLink"] > span:last-child {{ min-width: 0; flex: 1 1 auto; }}
[data-testid="stSidebarNavLink"] [data-testid="stMarkdownContainer"], [data-testid="stSidebarNavLink"] p {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }}
/* long page names wrap instead of ending in … or spilling out of the sidebar */
.dp-space-filters {{ height: 4.25rem; }}   .dp-space-lang {{ height: 1.5rem; }}
/* the room the filter boxes and the language toggle take, kept while a new session's first screen is drawn */
{PHONE} {{
  .dp-space-filters {{ height: 8.9rem; }}
  .block-container {{ padding-top: 2.6rem !important; padding-left: 0.8rem !important;
                     padding-right: 0.8rem !important; }}
  h1 {{ font-size: 1.6rem !important; padding-bottom: 0.2rem !important; }}
  [data-testid="stMetric"] {{ --dp-value: 1.45rem; }}
  [data-testid="stMetricValue"] {{ font-size: var(--dp-value) !important; }}
  [data-testid="stMetric"] {{ padding: 0.5rem 0.6rem !important; }}
  .st-key-filters [data-testid="stHorizontalBlock"], .st-key-kpis [data-testid="stHorizontalBlock"] {{
    flex-direction: row !important; flex-wrap: wrap !important; gap: 0.4rem !important; }}
  .st-key-filters [data-testid="stColumn"] {{ min-width: calc(50% - 0.4rem) !important;
                                             flex: 1 1 calc(50% - 0.4rem) !important; width: auto !important; }}
  .st-key-kpis [data-testid="stColumn"] {{ min-width: calc(50% - 0.2rem) !important;
                                          max-width: calc(50% - 0.2rem) !important;
                                          flex: 1 1 calc(50% - 0.2rem) !important; width: auto !important; }}
  .st-key-kpis [data-testid="stColumn"]:empty {{ display: none; }}
  .st-key-kpis {{ flex-direction: row !important; flex-wrap: wrap !important; gap: 0.4rem !important; }}
  .st-key-kpis > [data-testid="stLayoutWrapper"], .st-key-kpis [data-testid="stHorizontalBlock"] {{
    display: contents !important; }}   /* one flow of cards, two to a row, whatever the desktop rows held */
  .st-key-filters label p {{ font-size: 0.75rem !important; }}
  .st-key-filters [data-baseweb="select"] div {{ font-size: 0.8rem !important; }}
  .js-plotly-plot .modebar-container {{ display: none !important; }}
}}
"""


def uploader_css(button: str, hint: str) -> str:
    """Streamlit's file uploader carries English ("Upload", "200MB per file • CSV") in every language and offers no
    parameter for it: the button and the instructions line show our words instead (catalogue text, never user text)."""
    quote = lambda text: text.replace("\\", "").replace('"', "'")  # noqa: E731 - a CSS string literal
    return f"""
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] {{
  display: none; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] > div > span::after {{
  content: "{quote(button)}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{quote(hint)}"; font-size: 0.85rem;
  opacity: 0.7; }}
"""


def inject() -> None:
    """Add the style rules to the page."""
    st.html(f"<style>{CSS}</style>")
