"""CoNLL-2003: the reader, IOB1 spans, and articles written from its tokens (used by `wirehouse eval` and `train-ner`)."""
from __future__ import annotations

from dataclasses import dataclass, field

CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
MICRO_TYPES = ("PER", "ORG", "LOC")
ONTONOTES_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def to_conll(label: str) -> str:
    return ONTONOTES_TO_CONLL.get(label, "MISC")



@dataclass
class ConllDoc:
    sentences: list[list[tuple[str, str]]] = field(default_factory=list)  # (token, IOB1 tag)

    @property
    def tokens(self) -> list[str]:
        return [tok for sent in self.sentences for tok, _ in sent]

    @property
    def tags(self) -> list[str]:
        return [tag for sent in self.sentences for _, tag in sent]


def read_conll(text: str) -> list[ConllDoc]:
    """Documents of a CoNLL-2003 file. In these copies each -DOCSTART- line FOLLOWS its document."""
    docs, doc, sent = [], ConllDoc(), []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            if sent:
                doc.sentences.append(sent)
                sent = []
            continue
        if parts[0] == "-DOCSTART-":
            if sent:
                doc.sentences.append(sent)
                sent = []
            if doc.sentences:
                docs.append(doc)
            doc = ConllDoc()
            continue
        sent.append((parts[0], parts[-1]))
    if sent:
        doc.sentences.append(sent)
    if doc.sentences:
        docs.append(doc)
    return docs


def iob1_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start token, end token exclusive, type) from IOB1 (or IOB2) tags."""
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if start is not None and (prefix == "O" or begins):
            spans.add((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, label
    return spans


def doc_text(doc: ConllDoc) -> tuple[str, list[tuple[int, int]]]:
    """The article text (tokens joined by spaces, sentences by newlines) and each token's char offsets."""
    parts, offsets, pos = [], [], 0
    for s, sent in enumerate(doc.sentences):
        if s:
            parts.append("\n")
            pos += 1
        for t, (tok, _) in enumerate(sent):
            if t:
                parts.append(" ")
                pos += 1
            parts.append(tok)
            offsets.append((pos, pos + len(tok)))
            pos += len(tok)
    return "".join(parts), offsets


def char_to_token_span(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """Tokens covered by [start, end): first token containing start .. last token containing end-1."""
    first = next((i for i, (s, e) in enumerate(offsets) if s <= start < e or start < s < end), None)
    last = next((i for i in range(len(offsets) - 1, -1, -1)
                 if offsets[i][0] < end and offsets[i][1] > start), None)
    if first is None or last is None or last < first:
        return None
    return first, last + 1
