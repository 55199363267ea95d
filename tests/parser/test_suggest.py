"""Tests for catalogue.suggest ("did you mean"): plain pytest, no Django and no database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from catalogue.names import Authority
from catalogue.places import PlaceAuthority
from catalogue.suggest import DEFAULT_THRESHOLD, Suggester, similarity, trigrams

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return Suggester.from_authorities(
        Authority.from_csv(ROOT / "seeds" / "people.csv"),
        PlaceAuthority.from_csv(ROOT / "seeds" / "places.csv"),
    )


def labels(suggester: Suggester, term: str) -> list[str]:
    return [s.label for s in suggester.suggest(term)]


class TestTrigrams:
    def test_follow_pg_trgm_examples(self):
        # The two examples in the pg_trgm documentation.
        assert trigrams("cat") == {"  c", " ca", "cat", "at "}
        assert trigrams("foo|bar") == {"  f", " fo", "foo", "oo ", "  b", " ba", "bar", "ar "}

    def test_case_and_diacritics_do_not_matter(self):
        assert trigrams("LÜSHUN") == trigrams("lushun")

    def test_no_words_no_trigrams(self):
        assert trigrams("") == frozenset()
        assert trigrams(" -- ") == frozenset()


class TestSimilarity:
    def test_identical_and_disjoint(self):
        assert similarity("Kaesong", "kaesong") == 1.0
        assert similarity("Kaesong", "xyz") == 0.0
        assert similarity("", "Kaesong") == 0.0

    def test_is_shared_over_all_trigrams(self):
        # kaesong has 8 trigrams, kaeseong 9; they share 6 ("  k", " ka", "kae", "aes",
        # "ong", "ng "): 6 / (8 + 9 - 6).
        assert similarity("Kaesong", "Kaeseong") == pytest.approx(6 / 11)

    def test_is_symmetric(self):
        assert similarity("Molotv", "Molotov") == similarity("Molotov", "Molotv")


class TestSuggester:
    @pytest.mark.parametrize(
        ("typed", "label"),
        [
            ("Kaesung", "Kaesong"),
            ("Pyongyan", "Pyongyang"),
            ("Urumchy", "Urumqi"),
            ("Mukdn", "Shenyang"),
            ("Pekng", "Beijing"),
            ("Molotv", "Vyacheslav Molotov"),
            ("Vyshinski", "Andrei Vyshinsky"),
            ("Shtikov", "Terentii Shtykov"),
            ("Kim Il Sun", "Kim Il Sung"),
            ("Zhou Enlia", "Zhou Enlai"),
        ],
    )
    def test_misspellings_of_names_and_places(self, suggester, typed, label):
        assert labels(suggester, typed)[0] == label

    def test_the_matching_form_is_given_with_the_label(self, suggester):
        best = suggester.suggest("Mukdn")[0]
        assert (best.label, best.form) == ("Shenyang", "Mukden")
        assert DEFAULT_THRESHOLD <= best.score < 1

    def test_a_known_form_needs_no_suggestion(self, suggester):
        assert suggester.suggest("Kaesong") == []
        assert suggester.suggest("kaeseong") == []
        assert suggester.suggest("LÜSHUN") == []

    def test_nothing_close_gives_nothing(self, suggester):
        assert suggester.suggest("xyzzy") == []
        assert suggester.suggest("") == []

    def test_scores_are_best_first_and_labels_unique(self, suggester):
        found = suggester.suggest("Kim", limit=10, threshold=0.1)
        assert len(found) > 1
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        assert len({s.label for s in found}) == len(found)

    def test_limit_and_threshold(self):
        suggester = Suggester([("Harbin", "Harbin"), ("Hamhung", "Hamhung"), ("Hami", "Hami")])
        assert [s.label for s in suggester.suggest("Harbim", limit=1)] == ["Harbin"]
        assert suggester.suggest("Harbim", threshold=0.99) == []

    def test_ties_are_broken_by_label_not_file_order(self):
        forms = [("Abc", "Zeta"), ("Abc", "Alpha")]
        assert [s.label for s in Suggester(forms).suggest("Abd")] == ["Alpha", "Zeta"]
        assert [s.label for s in Suggester(forms[::-1]).suggest("Abd")] == ["Alpha", "Zeta"]

    def test_agrees_with_a_plain_scan_of_every_form(self, suggester):
        # The trigram index must only skip forms that share nothing with the term.
        everything = [(form, label) for form, label, _ in suggester._forms]
        for typed in ("Kaesung", "Vladivostk", "Khrushchyov", "Sinuju", "Port Artur"):
            best: dict[str, float] = {}
            for form, label in everything:
                score = similarity(typed, form)
                if score >= DEFAULT_THRESHOLD:
                    best[label] = max(best.get(label, 0.0), score)
            expected = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:3]
            found = [(s.label, s.score) for s in suggester.suggest(typed)]
            assert found == [(label, pytest.approx(score)) for label, score in expected]

    def test_fast_enough_for_every_search(self, suggester):
        # CPU time rather than wall time, so other jobs on a shared machine cannot fail it.
        start = time.process_time()
        for _ in range(100):
            suggester.suggest("Kaesung")
        assert (time.process_time() - start) / 100 < 0.005
