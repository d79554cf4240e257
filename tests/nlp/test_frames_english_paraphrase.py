"""Frames said by paraphrase in English news and NGO prose: opponents detained, cracked down on
or abducted with words between (political repression); degrading conditions called subhuman or
dehumanizing (humanitarian); a private lawyer denied and detainees' identities or numbers
withheld (due process); recognition of the result or of Maduro's legitimacy withheld (election
legitimacy); an official's video with the prisoners as its backdrop (spectacle). Gang violence
named as what a policy fights casts no one as a criminal."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline

REPRESSION = "political_repression"
ELECTION = "election_legitimacy"


@pytest.mark.parametrize(
    ("text", "frame_id"),
    [
        ("Rights groups condemned the detention of dozens of political opponents.", REPRESSION),
        ("Police began cracking down on student leaders and opposition lawmakers.", REPRESSION),
        ("In those years regime opponents were abducted from their homes.", REPRESSION),
        ("The ministry rejected allegations of political imprisonment.", REPRESSION),
        ("Lawyers say the men are kept in subhuman conditions.", "humanitarian"),
        ("The report describes dehumanizing conditions meant to break them.", "humanitarian"),
        ("The four reporters were banned from hiring private lawyers.", "due_process"),
        ("Officials gave no details about the identities of the men on the flight.", "due_process"),
        ("The minister declined to say how many foreigners were held there.", "due_process"),
        ("Several governments refused to recognize the election results.", ELECTION),
        ("The visit is no acknowledgment of Maduro's legitimacy, he said.", ELECTION),
        ("She used a packed cell as the backdrop for a video.", "spectacle_propaganda"),
    ],
)
def test_paraphrase_invokes_the_frame(rules_only: Pipeline, text: str, frame_id: str) -> None:
    assert frame_id in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The program was launched to contain gang violence in poor neighbourhoods.",
        "The minister spoke of a long battle against longstanding gang violence.",
    ],
)
def test_gang_violence_as_a_policy_target_casts_no_one(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    ("text", "frame_id", "present"),
    [
        ("Officials called the deportees gang members.", "criminality_terrorism", True),
        ("The opposition criticised the policy on migration.", REPRESSION, False),
        ("Against the backdrop of the deportations, he spoke.", "spectacle_propaganda", False),
        ("The deportees had private health insurance.", "due_process", False),
        ("Critics of the deal say the men were abducted.", REPRESSION, False),
        ("The opposition condemned the detention of the migrants.", REPRESSION, False),
    ],
)
def test_guards(rules_only: Pipeline, text: str, frame_id: str, present: bool) -> None:
    assert (frame_id in frame_ids(rules_only, text)) is present


@pytest.mark.parametrize(
    "text",
    [
        "Many fear being sent back to the cruel regime they once escaped.",
        "The family sought refuge in Texas three years ago.",
    ],
)
def test_refuge_sought_and_the_regime_escaped_are_asylum(rules_only: Pipeline, text: str) -> None:
    assert "asylum_protection" in frame_ids(rules_only, text)
