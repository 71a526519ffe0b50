"""The case list service: paging, sorting, filtering and searching in the database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from remedy_tui.services.case.case_list import (
    CaseQuery,
    CaseSort,
    PageKey,
    StatusFilter,
    case_page,
    count_cases,
    keyed,
)
from remedy_tui.store import Store
from remedy_tui.store.models import CaseStatus
from remedy_tui.store.search import fts_query
from tests.conftest import DEMO_CASES, TODAY


def test_pages_cover_every_case_exactly_once(demo_store: Store) -> None:
    seen: list[int] = []
    query = CaseQuery(status=StatusFilter.ALL, sort=CaseSort.PRACTITIONER)
    with demo_store.session() as session:
        offset = 0
        while True:
            page = case_page(session=session, query=query, offset=offset, limit=37, today=TODAY)
            seen.extend(row.id for row in page.rows)
            if page.last >= page.total:
                break
            offset += 37
    assert len(seen) == DEMO_CASES == len(set(seen))


def test_the_default_list_is_active_cases_soonest_review_first(demo_store: Store) -> None:
    with demo_store.session() as session:
        page = case_page(session=session, query=CaseQuery(), offset=0, limit=50, today=TODAY)
        closed = count_cases(session=session, query=CaseQuery(status=StatusFilter.CLOSED))
    assert page.total == DEMO_CASES - closed
    assert all(row.status is not CaseStatus.CLOSED for row in page.rows)
    reviews = [row.next_review_on for row in page.rows if row.next_review_on]
    assert reviews == sorted(reviews)
    assert page.rows[0].overdue


def test_filters_by_level_and_case_manager(demo_store: Store) -> None:
    with demo_store.session() as session:
        level3 = case_page(
            session=session,
            query=CaseQuery(level=3, status=StatusFilter.ALL),
            offset=0,
            limit=500,
            today=TODAY,
        )
        mine = case_page(
            session=session, query=CaseQuery(case_manager_id=1), offset=0, limit=500, today=TODAY
        )
    assert level3.rows and all(row.level == 3 for row in level3.rows)
    assert mine.rows and all(row.case_manager == "Demo Case-Manager" for row in mine.rows)


@given(st.text(max_size=40))
def test_any_typed_search_is_safe(typed: str) -> None:
    query = fts_query(typed)
    if query is not None:
        # Every token is quoted, so FTS5 syntax in the input cannot change the query.
        for token in query.split(" "):
            assert token.startswith('"') and token.endswith('"*')


def test_search_syntax_in_the_input_is_inert(demo_store: Store) -> None:
    with demo_store.session() as session:
        for typed in ('"', "NEAR(", "a OR b", "*", "[bold]", "\x1b[31m", "' OR 1=1 --"):
            page = case_page(
                session=session, query=CaseQuery(search=typed), offset=0, limit=5, today=TODAY
            )
            assert page.total >= 0


def _by_offset(session: object, query: CaseQuery, limit: int) -> list[list[int]]:
    pages, offset = [], 0
    while True:
        page = case_page(session=session, query=query, offset=offset, limit=limit, today=TODAY)  # type: ignore[arg-type]
        pages.append([row.id for row in page.rows])
        if page.last >= page.total:
            return pages
        offset += limit


def test_pages_read_by_key_are_the_pages_read_by_offset(demo_store: Store) -> None:
    """The usual list is read from the previous page's last row (PgDn), the next page's first
    (PgUp) and from the end (the last page), along the review index: the same rows in the same
    order as reading by offset, through the cases with and without a review date."""
    for status in (StatusFilter.ACTIVE, StatusFilter.ALL, StatusFilter.CLOSED):
        query = CaseQuery(status=status)
        assert keyed(query)
        with demo_store.session() as session:
            expected = _by_offset(session, query, 23)
            forward, page = (
                [],
                case_page(session=session, query=query, offset=0, limit=23, today=TODAY),
            )
            forward.append([row.id for row in page.rows])
            while page.last < page.total:
                page = case_page(
                    session=session,
                    query=query,
                    offset=page.offset + 23,
                    limit=23,
                    today=TODAY,
                    key=PageKey(after=PageKey.of(page.rows[-1])),
                )
                forward.append([row.id for row in page.rows])
            last = case_page(
                session=session,
                query=query,
                offset=-1,
                limit=23,
                today=TODAY,
                key=PageKey(last=True),
            )
            backward = [[row.id for row in last.rows]]
            page = last
            while page.offset > 0:
                page = case_page(
                    session=session,
                    query=query,
                    offset=page.offset - 23,
                    limit=23,
                    today=TODAY,
                    key=PageKey(before=PageKey.of(page.rows[0])),
                )
                backward.append([row.id for row in page.rows])
        assert forward == expected, status
        assert backward[::-1] == expected, status
        assert last.offset == (last.total - 1) // 23 * 23
    # A search, a case manager or a level: read by offset, as before.
    assert not keyed(CaseQuery(search="quill"))
    assert not keyed(CaseQuery(level=3))
    assert not keyed(CaseQuery(sort=CaseSort.LEVEL))
