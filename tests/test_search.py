"""core/search.py: the bigram tokens a text is indexed under, and the tokens a search term asks for.

The promise under test: whenever a text icontains a term (as SQLite's ASCII LIKE or PostgreSQL's UPPER() LIKE
decide it), every one of the term's query tokens is among the text's tokens, for any term whatsoever."""

import random
import re

import pytest

from core.search import MAX_QUERY_TOKENS, document_tokens, fold, query_tokens, tokens

ALPHABET = (
    "工匠精神党史讲座关工委老同志青年学生报告厅图书馆"  # Chinese
    "abcXYZ019"  # ASCII letters of both cases, digits
    " \t\n\u3000"  # whitespace, the ideographic space included
    "%_\\'\"*-+^:()[]{}.,;!?，。：“”（）、"  # LIKE wildcards, quotes, FTS5 and tsquery syntax, CJK punctuation
    "éÉßẞſςσΣİıKk"  # letters whose case mappings are not one-to-one
    "😀🏫"  # outside the Basic Multilingual Plane
)
HOSTILE_TERMS = [
    "%",
    "_",
    "%_%",
    "\\",
    "'",
    '"',
    '""',
    "*",
    "工*",
    '"工匠"',
    "AND",
    "工 AND 匠",
    "工匠 OR 精神",
    "NOT 工",
    "NEAR(工 匠)",
    "-工",
    "^工",
    "title:工",
    "x5de5",
    "x5de5g5320",
    "' OR 1=1 --",
    "!&|<->",
    "😀",
    "工😀匠",
    "Σσς",
    "ß",
    "SS",
    "ſ",
    " ",
    "\u3000",
    "工匠" * 60,
]


def db_icontains(text: str, term: str) -> bool:
    """Would either database say that `text` icontains `term`? SQLite folds ASCII only, PostgreSQL upper-cases."""
    ascii_lower = lambda s: "".join(c.lower() if c.isascii() else c for c in s)  # noqa: E731
    return (
        ascii_lower(term) in ascii_lower(text)
        or term.upper() in text.upper()
        or "".join(c.upper() for c in term) in "".join(c.upper() for c in text)
    )


def random_case(rng, s):
    return "".join(rng.choice([c, c.upper(), c.lower()]) for c in s)


def test_every_term_a_text_icontains_asks_only_for_tokens_the_text_has():
    rng = random.Random(16)  # noqa: S311 -- a fixed seed makes the cases repeatable, no secret
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        terms = [text[start : start + rng.randint(1, 6)], *rng.sample(HOSTILE_TERMS, 3)]
        terms.append(random_case(rng, terms[0]))
        have = tokens(text)
        for term in terms:
            if term and db_icontains(text, term):
                assert set(query_tokens(term)) <= have, (text, term)
                checked += 1
    assert checked > 5000


@pytest.mark.parametrize("term", HOSTILE_TERMS)
def test_a_hostile_term_is_found_in_a_text_around_it(term):
    text = f"前文{term}后文"
    assert query_tokens(term)
    assert set(query_tokens(term)) <= tokens(text)
    assert set(query_tokens(term.lower())) <= tokens(text.upper())


def test_tokens_are_plain_ascii_words_that_no_tokenizer_splits():
    everything = tokens(ALPHABET + "".join(HOSTILE_TERMS))
    assert everything
    assert all(re.fullmatch(r"x[0-9a-f]+(g[0-9a-f]+)?", token) for token in everything)
    assert all(re.fullmatch(r"x[0-9a-f]+(g[0-9a-f]+)?", token) for t in HOSTILE_TERMS for token in query_tokens(t))


def test_a_two_character_word_asks_for_its_bigram_and_one_character_for_itself():
    assert query_tokens("工匠") == ["x5de5g5320"]
    assert query_tokens("工") == ["x5de5"]
    assert query_tokens("Ab") == query_tokens("aB") == ["x61g62"]
    assert query_tokens("") == []
    assert query_tokens("工匠精神") == ["x5de5g5320", "x5320g7cbe", "x7cbeg795e"]


def test_the_tokens_tell_texts_apart():
    # The index is only worth having if it drops rows: the reversed word and a text lacking a character differ.
    assert not set(query_tokens("工匠")) <= tokens("匠工")
    assert not set(query_tokens("工匠")) <= tokens("工 匠")
    assert not set(query_tokens("精")) <= tokens("工匠")


def test_a_long_term_asks_for_a_bounded_number_of_tokens():
    term = "".join(chr(0x4E00 + n) for n in range(100))
    assert len(query_tokens(term)) == MAX_QUERY_TOKENS
    assert set(query_tokens(term)) <= tokens(f"前{term}后")


def test_case_is_folded_beyond_lower():
    assert fold("ΣΑΣ") == "σασ"  # str.lower would end it in ς
    assert fold("ſ") == fold("S") == "s"
    assert fold("ß") == "ss"


def test_a_rows_tokens_are_each_fields_own_so_a_match_never_spans_two_fields():
    column = document_tokens("工匠", "精神", "")
    assert set(query_tokens("工匠")) <= set(column.split())
    assert set(query_tokens("精神")) <= set(column.split())
    assert not set(query_tokens("匠精")) <= set(column.split())
    assert column == " ".join(sorted(set(column.split())))
