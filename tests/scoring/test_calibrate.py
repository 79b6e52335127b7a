"""Calibration statistics and reading marked answers from CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.scoring.calibrate import (
    CalibrationError,
    calibrate,
    linear_fit,
    parse_scale,
    pearson,
    quadratic_weighted_kappa,
    ranks,
    read_marked_answers,
    reference_target,
    spearman,
)


def test_pearson_of_a_straight_line_is_one() -> None:
    assert pearson([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0)
    assert pearson([1, 2, 3, 4], [8, 6, 4, 2]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) == 0.0


def test_spearman_uses_average_ranks_for_ties() -> None:
    assert ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)


def test_linear_fit_recovers_slope_and_intercept() -> None:
    slope, intercept = linear_fit([0, 1, 2], [1, 3, 5])
    assert (slope, intercept) == (pytest.approx(2.0), pytest.approx(1.0))


def test_quadratic_weighted_kappa() -> None:
    assert quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3], 0, 3) == pytest.approx(1.0)
    # A textbook case: ratings off by one in half the items.
    kappa = quadratic_weighted_kappa([0, 1, 2, 3], [1, 1, 2, 2], 0, 3)
    assert 0.5 < kappa < 1.0
    assert quadratic_weighted_kappa([0, 3, 0, 3], [3, 0, 3, 0], 0, 3) < 0


def test_scale_must_read_lo_hi() -> None:
    assert parse_scale("0-5") == (0.0, 5.0)
    for bad in ("5-0", "five", "0:5", "-"):
        with pytest.raises(CalibrationError):
            parse_scale(bad)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "marks.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_column_is_named_with_the_columns_there_are(tmp_path: Path) -> None:
    path = write(tmp_path, "answer,mark\nhello,3\n")
    with pytest.raises(CalibrationError, match=r"no column 'reference'.*answer, mark"):
        read_marked_answers(path, "answer", "mark", "reference")


def test_non_numeric_mark_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "answer,mark,ref\nhello,3,hi\nbye,three,hi\n")
    with pytest.raises(CalibrationError, match=r"line 3.*'three'"):
        read_marked_answers(path, "answer", "mark", "ref")


def test_empty_file_and_header_only_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CalibrationError, match="empty"):
        read_marked_answers(write(tmp_path, ""), "answer", "mark", "ref")
    with pytest.raises(CalibrationError, match="no rows"):
        read_marked_answers(write(tmp_path, "answer,mark,ref\n"), "answer", "mark", "ref")


def test_malformed_csv_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, 'answer,mark,ref\n"unclosed,3,hi\n')
    with pytest.raises(CalibrationError, match="well-formed"):
        read_marked_answers(path, "answer", "mark", "ref")


def test_calibration_ranks_better_answers_higher(tmp_path: Path) -> None:
    reference = "Apologise, listen to the customer and offer a refund."
    lines = [
        ("I would apologise, listen to the customer and offer a refund.", 5),
        ("Apologise and offer a refund.", 4),
        ("Listen to them.", 2),
        ("Call security.", 0),
        ("Apologise.", 3),
    ]
    text = "answer,mark,ref\n" + "".join(f'"{a}",{m},"{reference}"\n' for a, m in lines)
    rows = read_marked_answers(write(tmp_path, text), "answer", "mark", "ref")
    report = calibrate(rows, lambda row: reference_target(row.reference), (0, 5))
    assert report.n == 5
    assert report.pearson_r > 0.8
    assert report.spearman_rho > 0.8
    assert 0 <= report.accuracy <= 1
