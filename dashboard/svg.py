"""Charts of the printed summary, drawn on the server as SVG: WeasyPrint lays them out like any other element,
so the PDF needs no browser. Every label is escaped text; every bar carries its number; a target is a line at
its value."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

BAR = "#8b1a1a"
TARGET = "#1f4e79"
GRID = "#bbbbbb"
# WeasyPrint draws an inline SVG apart from the page's CSS: without a face named here, its text falls back to
# fontconfig's default (DejaVu for digits, Noto Sans CJK JP for Chinese), glyphs Chinese readers see as foreign.
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"
EDGE = 2  # px kept free between a label and the chart's edge, where the SVG's viewport cuts what passes it


def text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width in Noto Sans CJK SC: a full em for a Chinese character, 0.62 em for
    a Latin one (its digits are 0.55 em). Labels are placed from it so that none passes the chart's edge."""
    return sum(size if ord(char) >= 0x2E80 else size * 0.62 for char in text)


def centred_at(x: float, text: str, size: float, width: float) -> str:
    """Where a label centred on x must be centred to stay whole inside a chart `width` wide."""
    half = text_width(text, size) / 2
    return f"{min(max(x, EDGE + half), width - EDGE - half):.1f}"


def target_bar(
    value: Decimal | None, goal: Decimal | None, stretch: Decimal | None, unit: str, *, width=480
) -> SafeString:
    """One horizontal bar for a target's current value, with the goal (and stretch goal) drawn as lines, the
    goal's label under its line and the stretch goal's above (two goals close together do not overprint);
    nothing for a target that nothing counts yet. A goal at the top of the scale sits at the right edge, so its
    label is moved inwards rather than centred on the line and cut."""
    if value is None:
        return format_html("")
    top = max([value, goal or 0, stretch or 0, Decimal(1)])
    scale = Decimal(width - 20) / top

    def x(number: Decimal) -> float:
        return 10 + float(number * scale)

    lines = []
    for number, label, label_y in (
        (goal, pgettext("target line", "target"), 47),
        (stretch, pgettext("target line", "stretch"), 9),
    ):
        if number is not None:
            text = f"{label} {_fmt(number)}{unit}"
            at = x(number)
            lines.append((f"{at:.1f}", f"{at:.1f}", centred_at(at, text, 8, width), label_y, text))
    value_text = f"{_fmt(value)}{unit}"
    # The value after the bar's end, or inside the bar in white where the bar reaches the right edge.
    value_x, value_anchor, value_colour = x(value) + 4, "start", "#111"
    if value_x + text_width(value_text, 9) > width - EDGE:
        value_x, value_anchor, value_colour = x(value) - 4, "end", "#fff"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="50" viewBox="0 0 {w} 50" role="img"'
        ' font-family="{font}">'
        '<rect x="10" y="15" width="{bar}" height="14" fill="{colour}"/>'
        '<text x="{label_x}" y="26" font-size="9" fill="{value_colour}" text-anchor="{anchor}">{value}</text>'
        "{lines}</svg>",
        w=width,
        font=FONT,
        bar=f"{float(value * scale):.1f}",
        colour=BAR,
        label_x=f"{value_x:.1f}",
        value_colour=value_colour,
        anchor=value_anchor,
        value=value_text,
        lines=format_html_join(
            "",
            '<line x1="{}" y1="12" x2="{}" y2="38" stroke="' + TARGET + '" stroke-width="1.5"/>'
            '<text x="{}" y="{}" font-size="8" fill="' + TARGET + '" text-anchor="middle">{}</text>',
            lines,
        ),
    )


def columns(rows: list[tuple[str, int]], *, width=480, height=150) -> SafeString:
    """Vertical bars, one per (label, count), each labelled with its count and its name."""
    if not rows:
        return format_html("")
    top = max(max(count for _label, count in rows), 1)
    slot = (width - 20) / len(rows)
    chart_height = height - 34
    bars = []
    for index, (label, count) in enumerate(rows):
        bar_height = chart_height * count / top
        left = 10 + index * slot + slot * 0.15
        bars.append(
            (
                f"{left:.1f}",
                f"{chart_height - bar_height + 12:.1f}",
                f"{slot * 0.7:.1f}",
                f"{bar_height:.1f}",
                centred_at(left + slot * 0.35, str(count), 8, width),
                f"{chart_height - bar_height + 9:.1f}",
                count,
                centred_at(left + slot * 0.35, label, 8, width),
                f"{height - 8}",
                label,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img"'
        ' font-family="{font}"><line x1="10" y1="{base}" x2="{right}" y2="{base}" stroke="{grid}"/>{bars}</svg>',
        w=width,
        h=height,
        font=FONT,
        base=f"{chart_height + 12:.1f}",
        right=width - 10,
        grid=GRID,
        bars=format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR + '"/>'
            '<text x="{}" y="{}" font-size="8" text-anchor="middle">{}</text>'
            '<text x="{}" y="{}" font-size="8" text-anchor="middle">{}</text>',
            bars,
        ),
    )


def _fmt(number: Decimal) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text
