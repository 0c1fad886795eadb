"""Insight: dashboards, trends and the evaluation figures a municipality must show."""
