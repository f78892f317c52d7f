"""Substring search served by an index of character bigrams, for words of any length, Chinese ones included.

Most Chinese words are two characters, which trigram indexes cannot serve. So each searchable row keeps a column
of its text's bigrams and single characters, encoded as plain ASCII words ("tokens") that PostgreSQL's text-search
parser and SQLite FTS5's unicode61 tokenizer take whole. A search is then the AND of the term's tokens through a
full-text index (a GIN index on PostgreSQL, an FTS5 table on SQLite) followed by the ordinary `icontains` recheck,
so its results are exactly those of the plain substring search, read from a few candidates instead of every row.

The one promise the index must keep: whenever a text icontains a term, every one of `query_tokens(term)` is in
`tokens(text)` (the index may keep too many rows, never too few).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Expression, F, Q, QuerySet

# A term's tokens beyond this many only narrow the candidates further; any subset of them still keeps every
# match (the recheck does the rest), and the bound keeps a pasted paragraph from making a huge query.
MAX_QUERY_TOKENS = 32


def fold(text: str) -> str:
    """The text with case folded at least as far as any database's case-insensitive comparison does.

    Upper-casing first and then case-folding, character by character, puts together every pair of characters that
    UPPER() or ASCII LIKE could match (ſ and s, ς and σ, ı and i, ß and SS), and folding per character keeps it
    independent of the neighbours (str.lower turns a final Σ into ς but an inner one into σ)."""
    return "".join(c.upper().casefold() for c in text)


def _token(chars: str) -> str:
    # Hex codepoints joined by "g" (not a hex digit): only [0-9a-gx], which both tokenizers keep as one word.
    return "x" + "g".join(f"{ord(c):x}" for c in chars)


def tokens(text: str) -> set[str]:
    """Every character and every pair of adjacent characters of the folded text, as tokens."""
    folded = fold(text)
    return {_token(c) for c in folded} | {_token(folded[i : i + 2]) for i in range(len(folded) - 1)}


def document_tokens(*texts: str) -> str:
    """The search column's value for a row whose searchable fields are `texts`: their tokens, space-separated.

    Each field is split on its own, so a match always lies within one field, as `icontains` on that field does."""
    return " ".join(sorted(set().union(*(tokens(text or "") for text in texts))))


def query_tokens(term: str) -> list[str]:
    """The tokens every row icontaining `term` has: the term's bigrams, or its one character; none for ''."""
    folded = fold(term)
    if len(folded) == 1:
        return [_token(folded)]
    found = dict.fromkeys(_token(folded[i : i + 2]) for i in range(len(folded) - 1))
    return list(found)[:MAX_QUERY_TOKENS]


class TokensMatch(Expression):
    """True for the rows whose search column holds every one of the given tokens, read through the index.

    PostgreSQL: a GIN index on to_tsvector('simple', column); SQLite: an FTS5 table whose rowid is the row's pk,
    kept in step by triggers. The tokens travel as one bound parameter (they are only [0-9a-gx] anyway). On other
    databases `matching` adds no TokensMatch: the recheck alone then decides, correctly but by a scan."""

    output_field = BooleanField()

    def __init__(self, column: str, search_tokens: Sequence[str], *, fts_table: str):
        super().__init__()
        self.column, self.pk = F(column), F("pk")
        self.search_tokens = list(search_tokens)
        self.fts_table = fts_table

    def get_source_expressions(self):
        return [self.column, self.pk]

    def set_source_expressions(self, exprs):
        self.column, self.pk = exprs

    def as_postgresql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        query = " & ".join(self.search_tokens)
        return f"to_tsvector('simple', {column}) @@ to_tsquery('simple', %s)", (*params, query)

    def as_sqlite(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        table = connection.ops.quote_name(self.fts_table)
        query = " ".join(f'"{token}"' for token in self.search_tokens)
        sql = f"{pk} IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"  # noqa: S608 -- a quoted name, query bound
        return sql, (*params, query)

    def as_sql(self, compiler, connection):
        raise NotSupportedError("bigram search has an index only on PostgreSQL and SQLite")


def contains(term: str, fields: Iterable[str]) -> Q:
    """The plain substring search: some of `fields` icontains `term` (what the index's candidates are checked by)."""
    return reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))


def matching(queryset: QuerySet, term: str, *, column: str, fts_table: str, fields: Iterable[str]) -> QuerySet:
    """The rows of `queryset` where some of `fields` icontains `term`: exactly the plain substring search's rows,
    found through the bigram index on `column` (see TokensMatch) and rechecked with icontains."""
    recheck = contains(term, fields)
    found = query_tokens(term)
    if found and connections[queryset.db].vendor in ("postgresql", "sqlite"):
        queryset = queryset.filter(TokensMatch(column, found, fts_table=fts_table))
    return queryset.filter(recheck)
