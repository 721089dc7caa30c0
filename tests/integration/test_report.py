"""`make report` against conversations made through the running servers (widget and REST channels).

The servers are shared with the other integration tests, so the report runs before and after this
test's conversations and the assertions are on the difference.
"""

import csv
import html
import subprocess
import sys

import requests

from advisor.checklist import load_checklist
from servers import RASA_URL, ROOT, say, texts

WEBCHAT = f"{RASA_URL}/webhooks/webchat"
TOTAL = len(load_checklist().questions)
# Matches no topic and no word in the knowledge base: low NLU confidence and no search answer.
UNANSWERABLE = "xyzzy plugh qwerty"


def run_report(servers, out) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "scripts/report.py", "--db", str(servers.tracker_db), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "rapport.html").is_file()
    return {row[0]: int(row[1]) for row in read_csv(out / "sammendrag.csv")[1:]}


def read_csv(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


class Widget:
    """One widget conversation: a signed session and the message endpoint."""

    def __init__(self) -> None:
        self.session = requests.post(f"{WEBCHAT}/session", json={}, timeout=10).json()["session"]

    def send(self, message: str) -> dict:
        reply = requests.post(f"{WEBCHAT}/message", json={"session": self.session, "message": message}, timeout=60)
        assert reply.status_code == 200, reply.text
        return reply.json()


def test_report_counts_what_happened_in_real_conversations(servers, sender, tmp_path):
    before = run_report(servers, tmp_path / "before")

    # 1. Widget: a FAQ answer offers feedback, 👍.
    useful = Widget()
    answer = useful.send("er det lov å snakke med leverandører før konkurransen?")
    topic = answer.get("feedback_topic")
    assert topic and "Kilde:" in "\n".join(m.get("text", "") for m in answer["messages"])
    thanks = useful.send('/feedback{"rating": "ja", "topic": "' + topic + '"}')
    assert "Takk" in thanks["messages"][0]["text"] and "feedback_topic" not in thanks

    # 2. Widget: a threshold answer, 👎 and a comment with an e-mail address in it.
    not_useful = Widget()
    threshold = not_useful.send("hva er terskelverdiene for kommuner?")
    assert threshold.get("feedback_topic") == "ask_threshold"
    not_useful.send('/feedback{"rating": "nei", "topic": "ask_threshold"}')
    not_useful.send('/feedback{"rating": "nei", "topic": "ask_threshold", "comment": "Savner eksempel, ola@x.no"}')
    # A greeting is not a factual answer: no feedback offered.
    assert "feedback_topic" not in not_useful.send("hei")

    # 3. REST: a question the assistant cannot answer.
    fallback = texts(say(sender, UNANSWERABLE))
    assert "ikke et sikkert svar" in fallback, f"precondition: the model should not understand {UNANSWERABLE!r}"

    # 4. REST: a finished checklist and a cancelled one; a procedure recommendation.
    say(f"{sender}-done", "start sjekklisten")
    for number in range(TOTAL):
        last = texts(say(f"{sender}-done", "nei" if number == 0 else "ja"))
    assert "Oppsummering" in last
    say(f"{sender}-paused", "start sjekklisten")
    say(f"{sender}-paused", "ja")
    assert "pause" in texts(say(f"{sender}-paused", "pause"))
    say(f"{sender}-procedure", "vi er en kommune og skal kjøpe varer, hvilken prosedyre bør vi velge?")
    assert "Min anbefaling" in texts(say(f"{sender}-procedure", "500 000 kr"))

    after = run_report(servers, tmp_path / "after")
    delta = {key: after[key] - before.get(key, 0) for key in after}
    assert delta["samtaler"] == 6
    assert delta["tilbakemeldinger"] == 2  # the comment completes the 👎, it is not a third rating
    assert delta["tilbakemeldinger: nyttig"] == 1 and delta["tilbakemeldinger: ikke nyttig"] == 1
    assert delta["kommentarer"] == 1
    assert delta["besvart: Ikke besvart"] == 1
    assert delta["besvart: FAQ-svar"] == 1
    assert delta["sjekkliste: startet"] == 2 and delta["sjekkliste: fullført"] == 1
    assert delta["sjekkliste: avbrutt"] == 1
    assert delta["prosedyrevalg: anbefaling gitt"] == 1
    # messages: 1 + 2 + 1 + (1 + TOTAL) + 3 + 2; feedback is not counted as a message
    assert delta["meldinger"] == 10 + TOTAL

    unanswered = read_csv(tmp_path / "after" / "ubesvarte_sporsmal.csv")
    header, rows = unanswered[0], unanswered[1:]
    row = next(dict(zip(header, r, strict=True)) for r in rows if r[0] == UNANSWERABLE)
    assert row["utfall"] == "Ikke besvart" and int(row["antall"]) >= 1
    comments = "".join(";".join(r) for r in read_csv(tmp_path / "after" / "kommentarer.csv"))
    assert "Savner eksempel, [e-post fjernet]" in comments and "ola@x.no" not in comments
    page = (tmp_path / "after" / "rapport.html").read_text(encoding="utf-8")
    # The page lists the most frequent unanswered questions (the CSV has all of them); other tests share
    # this database, so check the page against the CSV's first row rather than our own question.
    assert html.escape(rows[0][0], quote=True) in page
    assert "ola@x.no" not in page and sender not in page
