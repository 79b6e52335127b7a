"""Scoring: normalising answers, fuzzy matching rubric points, verb-aware judgement."""
