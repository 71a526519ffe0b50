"""Remedy's own theme: high contrast, for projectors, screen-sharing and low vision."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="remedy-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    success="#00FF00",
    warning="#FFA500",
    error="#FF4040",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#00FFFF 60%",
        "footer-key-foreground": "#FFFF00",
        "border": "#FFFFFF",
        "border-blurred": "#808080",
    },
)

THEMES = (HIGH_CONTRAST,)
