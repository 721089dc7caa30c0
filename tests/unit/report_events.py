"""Hand-made tracker events in the shape Rasa 3.6 stores them (`Event.as_dict()`), for report tests
and the report benchmark."""

from __future__ import annotations

import json
from itertools import count

_clock = count()
START = 1_795_000_000.0  # 2026-11-18
# Each new session comes three hours after the previous events, as Rasa starts one only after a pause (a session
# sooner than that continues the conversation: insights/events.py).
SESSION_GAP = 3 * 3600
_sessions_started = [0]


def _ts(timestamp: float | None) -> float:
    return timestamp if timestamp is not None else START + next(_clock) + SESSION_GAP * _sessions_started[0]


def session(timestamp: float | None = None) -> list[dict]:
    _sessions_started[0] += 1
    t = _ts(timestamp)
    return [
        {"event": "action", "timestamp": t, "name": "action_session_start", "policy": None, "confidence": 1.0},
        {"event": "session_started", "timestamp": t},
        {"event": "action", "timestamp": t, "name": "action_listen", "policy": None, "confidence": None},
    ]


def user(text: str, intent: str, confidence: float = 0.95, entities: dict | None = None, faq_key: str | None = None,
         timestamp: float | None = None, ranking: list[tuple[str, float]] | None = None) -> dict:
    t = _ts(timestamp)
    parse = {
        "intent": {"name": intent, "confidence": confidence},
        "entities": [{"entity": k, "value": v, "start": 0, "end": 1} for k, v in (entities or {}).items()],
        "text": text,
        "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [(intent, confidence)])],
    }
    if faq_key:
        parse["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {"response": {"intent_response_key": f"faq/{faq_key}", "utter_action": f"utter_faq/{faq_key}",
                                 "confidence": 0.9, "responses": [{"text": "Svar."}]},
                    "ranking": [{"intent_response_key": f"faq/{faq_key}", "confidence": 0.9}]},
        }
    return {"event": "user", "timestamp": t, "metadata": {}, "text": text, "parse_data": parse, "input_channel": "rest"}


def action(name: str, timestamp: float | None = None) -> dict:
    return {"event": "action", "timestamp": _ts(timestamp), "name": name, "policy": "RulePolicy", "confidence": 1.0}


def bot(text: str, utter_action: str | None = None, timestamp: float | None = None) -> dict:
    metadata = {"utter_action": utter_action} if utter_action else {}
    return {"event": "bot", "timestamp": _ts(timestamp), "metadata": metadata, "text": text, "data": {}}


def slot(name: str, value, timestamp: float | None = None) -> dict:
    return {"event": "slot", "timestamp": _ts(timestamp), "name": name, "value": value}


def loop(name: str | None, timestamp: float | None = None) -> dict:
    return {"event": "active_loop", "timestamp": _ts(timestamp), "name": name}


def listen() -> dict:
    return action("action_listen")


def record(kind: str, topic: str | None, legal: bool = True, timestamp: float | None = None) -> dict:
    """The answer record an answering action sends after its answer (advisor/answer_records.py)."""
    return {"event": "bot", "timestamp": _ts(timestamp), "metadata": {}, "text": None,
            "data": {"custom": {"answer": {"kind": kind, "topic": topic, "legal": legal}}}}


def last_answer(kind: str, topic: str | None, legal: bool) -> dict:
    return slot("last_answer", {"kind": kind, "topic": topic, "legal": legal})


def answered(kind: str, topic: str | None, legal: bool = True) -> list[dict]:
    """The record and the slots an answering action sets after its answer (actions/form_base.py: send)."""
    return [record(kind, topic, legal), slot("topic", topic), last_answer(kind, topic, legal)]


# --- whole turns ------------------------------------------------------------------------------


def faq_turn(text: str, key: str, confidence: float = 0.95) -> list[dict]:
    """A FAQ answered by action_answer_faq (the answer decision, advisor/answer_decision.py)."""
    return [user(text, "faq", confidence, faq_key=key), action("action_extract_slots"), action("action_answer_faq"),
            bot("Svar. Kilde: …", f"utter_faq/{key}"), *answered("faq", key), listen()]


def no_sure_answer_turn(text: str, intent: str = "faq", action_name: str = "action_answer_faq") -> list[dict]:
    """A question the answer decision found no sure answer to: the nearest topics as buttons."""
    return [user(text, intent, 0.9, faq_key="metode_steg"), action("action_extract_slots"), action(action_name),
            bot("Jeg har ikke et sikkert svar …", "utter_no_sure_answer"), *answered("unknown", None, False),
            listen()]


def button_topic_turn(key: str) -> list[dict]:
    payload = "/show_topic" + json.dumps({"topic": key})
    return [user(payload, "show_topic", 1.0, {"topic": key}), action("action_extract_slots"), slot("topic", key),
            action("action_show_topic"), bot("Svar.", f"utter_faq/{key}"), *answered("faq", key), listen()]


def fallback_turn(text: str, found_key: str | None = None) -> list[dict]:
    """Low NLU confidence: action_uncertain runs the same decision; a FAQ answer or no sure answer."""
    events = [user(text, "nlu_fallback", 0.4, ranking=[("nlu_fallback", 0.4), ("faq", 0.3)]),
              action("action_extract_slots"), action("action_uncertain")]
    if found_key:
        events += [bot("Svar.", f"utter_faq/{found_key}"), *answered("faq", found_key)]
    else:
        events += [bot("Jeg har ikke et sikkert svar …", "utter_no_sure_answer"), *answered("unknown", None, False)]
    return events + [listen()]


def simple_turn(text: str, intent: str, response: str, confidence: float = 0.95) -> list[dict]:
    return [user(text, intent, confidence), action("action_extract_slots"), action(response),
            bot("…", response if response.startswith("utter_") else None), listen()]


def threshold_turn(text: str = "hva er terskelverdiene?", intent: str = "ask_threshold",
                   action_name: str = "action_answer_threshold") -> list[dict]:
    return [user(text, intent), action("action_extract_slots"), action(action_name), bot("Terskelverdiene …"),
            *answered("threshold", "terskelverdier"), listen()]


def feedback_turn(rating: str, topic: str, comment: str | None = None) -> list[dict]:
    fields = {"rating": rating, "topic": topic, **({"comment": comment} if comment else {})}
    return [user("/feedback" + json.dumps(fields, ensure_ascii=False), "feedback", 1.0, fields),
            action("action_extract_slots"), action("action_feedback"), bot("Takk for tilbakemeldingen!"), listen()]


def checklist_start(previous: dict | None = None) -> list[dict]:
    return [user("start sjekklisten", "start_checklist"), action("action_extract_slots"),
            action("action_start_checklist"), bot("Vi går gjennom …"), record("checklist", None, False),
            last_answer("checklist", None, False),
            slot("checklist_answers", previous or {}),
            slot("checklist_answer", None), action("checklist_form"), loop("checklist_form"),
            slot("requested_slot", "checklist_answer"), bot("Spørsmål 1 av 3"), listen()]


def checklist_answer(answers: dict, answer: str, last: bool = False) -> list[dict]:
    events = [user(answer, "affirm", 0.5), action("action_extract_slots"), slot("checklist_answer", answer),
              action("checklist_form"), slot("checklist_answers", answers)]
    if last:
        events += [slot("checklist_answer", answer), loop(None), slot("requested_slot", None),
                   action("action_checklist_summary"), bot("Oppsummering …"), bot("Vil dere lime …"),
                   slot("checklist_answer", None)]
    else:
        events += [slot("checklist_answer", None), bot("Spørsmål …")]
    return events + [listen()]


def checklist_pause() -> list[dict]:
    return [user("pause", "stop_checklist"), action("action_extract_slots"), action("action_pause_checklist"),
            bot("Greit, vi tar en pause."), slot("checklist_answer", None), slot("requested_slot", None),
            action("action_deactivate_loop"), loop(None), listen()]


def procedure_walk(recommended: str = "Konkurranse med forhandling") -> list[dict]:
    return [
        user("hvilken prosedyre bør vi velge", "choose_procedure"), action("action_extract_slots"),
        action("action_start_procedure"), bot("Jeg stiller noen korte spørsmål …"),
        record("procedure_chooser", None, False), last_answer("procedure_chooser", None, False),
        action("procedure_form"),
        loop("procedure_form"), bot("Hvem er oppdragsgiver?"), listen(),
        user("kommune, tjenester, 3 mill, ja, ja, ja", "inform", 0.7), action("action_extract_slots"),
        action("procedure_form"), slot("buyer_type", "kommune"), loop(None), slot("requested_slot", None),
        action("action_recommend_procedure"), bot(f"Min anbefaling: **{recommended}**.\n- …"),
        record("procedure", recommended), bot("Dette er veiledning …", "utter_legal_notice"),
        last_answer("procedure", recommended, True), slot("legal_notice_given", True),
        slot("recommendation_why", "…"), listen(),
    ]
