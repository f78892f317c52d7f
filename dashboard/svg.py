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


def target_bar(
    value: Decimal | None, goal: Decimal | None, stretch: Decimal | None, unit: str, *, width=480
) -> SafeString:
    """One horizontal bar for a target's current value, with the goal (and stretch goal) drawn as lines;
    nothing for a target that nothing counts yet."""
    if value is None:
        return format_html("")
    top = max([value, goal or 0, stretch or 0, Decimal(1)])
    scale = Decimal(width - 20) / top

    def x(number: Decimal) -> str:
        return f"{10 + float(number * scale):.1f}"

    lines = []
    for number, label in ((goal, pgettext("target line", "target")), (stretch, pgettext("target line", "stretch"))):
        if number is not None:
            lines.append((x(number), x(number), f"{label} {_fmt(number)}{unit}", x(number)))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="46" viewBox="0 0 {w} 46" role="img">'
        '<rect x="10" y="14" width="{bar}" height="14" fill="{colour}"/>'
        '<text x="{label_x}" y="25" font-size="9" fill="#111">{value}</text>'
        "{lines}</svg>",
        w=width,
        bar=f"{float(value * scale):.1f}",
        colour=BAR,
        label_x=f"{min(float(x(value)) + 4, width - 60):.1f}",
        value=f"{_fmt(value)}{unit}",
        lines=format_html_join(
            "",
            '<line x1="{}" y1="8" x2="{}" y2="34" stroke="' + TARGET + '" stroke-width="1.5"/>'
            '<text x="{}" y="44" font-size="8" fill="' + TARGET + '" text-anchor="middle">{}</text>',
            ((x1, x2, label_x, text) for x1, x2, text, label_x in lines),
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
                f"{left + slot * 0.35:.1f}",
                f"{chart_height - bar_height + 9:.1f}",
                count,
                f"{left + slot * 0.35:.1f}",
                f"{height - 8}",
                label,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img">'
        '<line x1="10" y1="{base}" x2="{right}" y2="{base}" stroke="{grid}"/>{bars}</svg>',
        w=width,
        h=height,
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
