"""Reading a search: one structure, written out for each backend's engine."""

from __future__ import annotations

import pytest

from models.search_query import parse


@pytest.mark.parametrize(
    ("typed", "websearch", "fts5"),
    [
        ("support group", (("support", "group"), ()), '"support" AND "group"'),
        (
            '"first session" nerves',
            (('"first session"', "nerves"), ()),
            '"first session" AND "nerves"',
        ),
        ("group -online", (("group",), ("online",)), '("group") NOT "online"'),
        ('group -"chat room"', (("group",), ('"chat room"',)), '("group") NOT "chat room"'),
        (
            "hotline OR text line",
            (("hotline or text", "line"), ()),
            '("hotline" OR "text") AND "line"',
        ),
        ("Self-Esteem", (('"self esteem"',), ()), '"self esteem"'),
        (
            "NEAR(a b) title:x *",
            (('"near a"', "b", '"title x"'), ()),
            '"near a" AND "b" AND "title x"',
        ),
        ('"unclosed phrase', (('"unclosed phrase"',), ()), '"unclosed phrase"'),
        ("the support of friends", (("support", "friends"), ()), '"support" AND "friends"'),
        ('"the support"', (('"the support"',), ()), '"the support"'),
        ("or or help or", (("help",), ()), '"help"'),
    ],
)
def test_a_search_reads_the_same_for_both_engines(typed, websearch, fts5):
    query = parse(typed)
    assert (query.websearch(), query.fts5()) == (websearch, fts5)


def test_without_stop_words_every_word_counts():
    assert parse("the group", frozenset()).websearch() == (("the", "group"), ())
