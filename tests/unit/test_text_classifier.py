"""The second reader of which unit a question asks for (advisor/text_classifier.py)."""

from advisor.answer_check import FEATURES, describe, features
from advisor.text_classifier import (
    NO_UNIT,
    NOT_COVERED,
    OUT_OF_SCOPE,
    TextClassifier,
    labelled_examples,
    out_of_fold_scores,
    spelled,
    stems,
    text_classifier,
    unit_scores,
)


def test_spelling_and_nynorsk_are_folded_before_the_character_grams():
    assert spelled("Korleis Går Det") == spelled("korleis gaar det")
    assert stems("leverandørene") == stems("leverandoerene")


def test_every_unit_and_both_no_unit_classes_are_learnt():
    from advisor.faq_content import faq_content
    classes = set(text_classifier().svm.classes_)
    assert set(faq_content().answers) <= classes
    assert OUT_OF_SCOPE in classes


def test_a_typed_question_scores_its_unit_first_and_off_topic_scores_no_unit():
    scores = unit_scores("kor lang er karensperioden etter tildeling")
    assert max(scores, key=scores.get) == "frister_karens"
    off_topic = unit_scores("kva blir veret i morgon")
    assert max(off_topic, key=off_topic.get) in NO_UNIT


def test_the_question_description_carries_the_text_scores_and_their_top_unit():
    q = describe("kor lang er karensperioden", [("frister_karens", 0.9)], "faq", 1.0)
    assert q.text_top == "frister_karens"
    row = features(q, "frister_karens")
    assert row[FEATURES.index("text_is_top")] == 1.0
    assert row[FEATURES.index("text_margin")] > 0


def test_out_of_fold_scores_come_from_a_classifier_that_did_not_see_the_example():
    pairs = [("kva er karens", "a"), ("karensperiode lengde", "a"), ("karens etter tildeling", "a"),
             ("vær i morgen", "b"), ("regn i dag", "b"), ("sol i helga", "b")]
    held = out_of_fold_scores(pairs, folds=3)[0]
    without = TextClassifier.fit([pair for i, pair in enumerate(pairs) if i % 3 != 0]).scores_of(["kva er karens"])[0]
    with_it = TextClassifier.fit(pairs).scores_of(["kva er karens"])[0]
    assert held == without
    assert held != with_it


def test_the_questions_without_a_unit_are_their_own_class_and_apart_from_the_evaluation_set():
    from scripts.evaluate_answers import load_all
    not_covered = {text.lower().strip() for text, label in labelled_examples() if label == NOT_COVERED}
    assert len(not_covered) >= 150
    assert NOT_COVERED in set(text_classifier().svm.classes_)
    questions = {turns[-1].lower().strip() for turns, _ in load_all()}
    assert not not_covered & questions, sorted(not_covered & questions)[:5]
