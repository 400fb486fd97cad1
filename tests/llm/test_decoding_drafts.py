"""Drafts copied from the context: what followed the longest earlier match of its end."""

from __future__ import annotations

from summarizer.llm.backends.decoding.drafts import PromptLookup


def test_the_longest_match_wins_and_its_continuation_is_copied() -> None:
    #            0  1  2  3  4  5  6  7  8
    lookup = PromptLookup([5, 6, 7, 8, 9, 1, 6, 7, 3])
    lookup.append(5)
    lookup.append(6)  # ends with 5 6: as at 0, followed by 7 8 9
    assert lookup.propose(3) == [7, 8, 9]
    lookup.append(7)  # "5 6 7" matches at 0 (→ 8), not "6 7" at 6 (→ 3)
    assert lookup.propose(2) == [8, 9]


def test_the_latest_occurrence_of_a_shorter_match_is_used() -> None:
    lookup = PromptLookup([1, 2, 3, 9, 2, 4])
    lookup.append(2)  # no "4 2" before; "2" last occurred at 4, followed by 4 2
    assert lookup.propose(4) == [4, 2]


def test_no_match_and_no_room_give_no_draft() -> None:
    lookup = PromptLookup([1, 2, 3])
    lookup.append(7)
    assert lookup.propose(5) == []
    assert lookup.propose(0) == []
    assert PromptLookup([]).propose(3) == []


def test_the_end_of_the_context_is_never_its_own_match() -> None:
    lookup = PromptLookup([4, 4])
    assert lookup.propose(3) == [4]  # the 4 at 0 was followed by the 4 at 1
