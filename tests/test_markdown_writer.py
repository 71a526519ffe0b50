"""One Markdown writer: every user text goes through documents.markdown, and whatever it holds
(a rule, a list, a heading, a quote, a table bar, an indented line) reads exactly as typed.
Each case is parsed back with markdown-it (CommonMark, tables on) to see the structure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from remedy_tui.documents import markdown
from remedy_tui.documents.blocks import Bullets, Fields, Paragraph, Table, Written, to_markdown
from remedy_tui.documents.fairness import md_lines

PARSER = MarkdownIt("commonmark").enable("table")
STRUCTURE = {
    "bullet_list_open",
    "ordered_list_open",
    "heading_open",
    "hr",
    "blockquote_open",
    "code_block",
    "fence",
    "table_open",
    "html_block",
}

CASES = [
    "---",  # a rule, or the underline of a heading under the line before
    "===",
    "***",
    "1. first",
    "12) twelfth",
    "- a dash",
    "+ a plus",
    "* a star",
    "# a hash",
    "> a quote",
    "    four spaces: code",
    "\tA tab",
    "```",
    "<div>html</div>",
    "a | b | c",
]


def _structures(text: str) -> set[str]:
    return {token.type for token in PARSER.parse(text)} & STRUCTURE


def _plain(text: str) -> str:
    """What a reader sees of the rendered Markdown: the text, without tags."""
    html = PARSER.render(text)
    for tag in ("<p>", "</p>", "<br />", "<table>", "</table>"):
        html = html.replace(tag, "")
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


@pytest.mark.parametrize("typed", CASES)
def test_a_line_that_would_start_a_structure_reads_as_typed(typed: str) -> None:
    for written in (markdown.escape(typed), markdown.lines(f"Reasons:\n{typed}"), md_lines(typed)):
        assert _structures(written) == set(), (typed, written)
    # The words as typed (an indent is kept as non-breaking spaces in the file, which a
    # renderer may trim at the start of a paragraph; it never becomes a code block).
    assert _plain(markdown.escape(typed)).strip("\u00a0 ") == typed.strip()


@pytest.mark.parametrize("typed", CASES)
def test_every_block_of_a_document_keeps_user_text_as_typed(typed: str) -> None:
    written = Written(
        "Title",
        (
            Paragraph(f"Before\n{typed}"),
            Fields((("Rationale", typed),)),
            Bullets((typed,)),
        ),
    )
    assert _structures(to_markdown(written)) <= {"heading_open", "bullet_list_open"}
    # The document's own heading (its title) and its one bullet list, nothing from the text.
    tokens = [t.type for t in PARSER.parse(to_markdown(written))]
    assert tokens.count("heading_open") == 1 and tokens.count("bullet_list_open") == 1
    assert tokens.count("list_item_open") == 1


def test_a_bar_in_a_table_cell_stays_in_its_cell() -> None:
    written = Written("T", (Table(("a", "b"), (("x | y", "- z\n1. w"),)),))
    tokens = PARSER.parse(to_markdown(written))
    cells = [t for t in tokens if t.type == "td_open"]
    assert len(cells) == 2
    assert "x | y" in _plain(to_markdown(written))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" -+*#>=|`~_![]()<>{}.)1\t\nab", max_size=30))
def test_no_typed_text_becomes_structure(typed: str) -> None:
    assert _structures(markdown.lines(typed)) == set(), typed
