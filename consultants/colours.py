"""WCAG 2 contrast for the brand colour: white text is written on it, so it must reach AA (4.5:1)."""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_COLOUR = "#ffffff"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def passes_aa(colour: str) -> bool:
    return contrast_ratio(colour, TEXT_COLOUR) >= AA_NORMAL_TEXT


def darkened_to_pass(colour: str) -> str:
    """The same hue, darkened step by step until white text on it reaches AA (black always does)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    for percent in range(100, -1, -1):
        candidate = "#{:02x}{:02x}{:02x}".format(
            *(channel * percent // 100 for channel in (red, green, blue))
        )
        if passes_aa(candidate):
            return candidate
    return "#000000"
