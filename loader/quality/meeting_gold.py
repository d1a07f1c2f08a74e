"""Meetings against our gold (`eval/gold/meetings.jsonl`), per source and split.

A gold meeting is `{"doc", "set", "text", "date", "date_precision", "participants", "format"}`;
its text is located at its first occurrence in the document text the gold was read in, and
carried over to the text as loaded (`GoldDoc.locate`). The gold has one line per
distinct meeting, so the warehouse is scored by meeting too: a warehouse meeting reported in
the document (`meeting_report` gives its passages there) matches a gold meeting of the same
document when one of its passages overlaps the gold text, one to one in text order.

- recall: gold meetings matched; precision: the warehouse meetings reported in the gold
  documents that match one;
- participants right: of the matched, the share whose participants are the gold ones — each
  gold participant named by a participant of the report (same name, or one name contains
  the other: "Blair" / "Tony Blair") and no report participant left over. A report's
  participants are `meeting_participant.participant_name`: an entity's canonical name, or
  a group's words as written ("creditor banks"), so the gold's groups and institutions that
  are not entities can be matched too.

Aggregates only: a held-out document's rows are never printed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from loader.quality.entity_gold import GoldDoc, Warehouse, name_key


@dataclass
class MeetingScore:
    gold: int = 0
    reports: int = 0        # warehouse meetings reported in the gold documents
    matched: int = 0
    participants_right: int = 0

    def add(self, other: MeetingScore) -> None:
        self.gold += other.gold
        self.reports += other.reports
        self.matched += other.matched
        self.participants_right += other.participants_right

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.reports if self.reports else 0.0

    @property
    def participants(self) -> float:
        return self.participants_right / self.matched if self.matched else 0.0


def same_party(a: str, b: str) -> bool:
    a, b = name_key(a), name_key(b)
    return bool(a and b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def participants_match(gold: list[str], found: list[str]) -> bool:
    return (all(any(same_party(g, f) for f in found) for g in gold)
            and all(any(same_party(g, f) for g in gold) for f in found))


def score_meetings(docs: list[GoldDoc], gold: list[dict], warehouse: Warehouse,
                   misses: list[str] | None = None, annotated: frozenset[str] = frozenset()
                   ) -> dict[tuple[str, str], MeetingScore]:
    """(source, split) -> score over the documents of the meetings gold: those with a gold line,
    and those `annotated` for meetings (named in the meetings block of splits.json) that report
    none, whose every meeting the warehouse finds counts against precision."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in gold:
        by_doc[row["doc"]].append(row)
    scores: dict[tuple[str, str], MeetingScore] = defaultdict(MeetingScore)
    for doc in docs:
        if doc.key not in by_doc and doc.key not in annotated:
            continue
        score = scores[(doc.source, doc.split)]
        by_meeting: dict[str, list[dict]] = defaultdict(list)
        for report in sorted(warehouse.meetings.get(doc.key, []), key=lambda r: r["start"]):
            by_meeting[report["meeting_id"]].append(report)
        meetings = list(by_meeting.values())
        score.reports += len(meetings)
        used: set[int] = set()
        for row in by_doc[doc.key]:
            score.gold += 1
            span = doc.locate(row["text"])
            start, end = span if span is not None else (-1, -1)
            match = next((i for i, passages in enumerate(meetings) if i not in used and span is not None
                          and any(p["start"] < end and start < p["end"] for p in passages)), None)
            if match is None:
                if misses is not None and doc.split == "tune":
                    misses.append(f"{doc.key}: missed {row['text'][:80]!r}")
                continue
            used.add(match)
            score.matched += 1
            found = meetings[match][0]["participants"]
            right = participants_match(row["participants"], found)
            score.participants_right += right
            if misses is not None and doc.split == "tune" and not right:
                misses.append(f"{doc.key}: participants {sorted(found)} (gold {row['participants']})")
        if misses is not None and doc.split == "tune":
            misses += [f"{doc.key}: extra meeting at {passages[0]['start']}: {passages[0]['participants']}"
                       for i, passages in enumerate(meetings) if i not in used]
    return dict(scores)
