"""A report written as one text (the region's work report, the monthly bulletin): its first line is the title, a
line such as "一、总体情况" a heading, every other line a paragraph. The writer edits one field (one version to claim,
nothing lost between sections they merge, split or rename) and the documents print its outline."""

from __future__ import annotations

import re
from dataclasses import dataclass

# 一、 … 十二、: the numbering of a Chinese report's sections.
HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")
# Word and LibreOffice refuse a document holding XML's forbidden control characters, and a printed page has no
# glyph for them; a typed text may hold some.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Block:
    heading: bool
    text: str


@dataclass(frozen=True)
class Outline:
    title: str
    blocks: list[Block]


def outline(text: str) -> Outline:
    """The text's title (its first line) and its blocks: headings, and paragraphs one per line; characters no
    document can hold are dropped."""
    lines = [line.strip() for line in XML_UNSAFE.sub("", text).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return Outline("", [])
    return Outline(lines[0], [Block(bool(HEADING.match(line)), line) for line in lines[1:]])


def compose(title: str, sections: list[tuple[str, list[str]]]) -> str:
    """A text of `title` and its sections, each under a numbered heading ("一、…") with its lines below."""
    parts = [title]
    for number, (heading, lines) in enumerate(sections):
        parts.append(f"{NUMERALS[number]}、{heading}")
        parts.extend(lines)
    return "\n".join(parts)
