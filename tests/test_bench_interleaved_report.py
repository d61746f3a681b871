"""The interleaved growth (``bench_queries.py --interleave --record``) in ``bench/results.md``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # the bench modules import each other by name, as scripts do

import bench_report  # noqa: E402


def _query(cpu: list[float], rows: list[int], over_data: float, over_output: float) -> dict:
    return {"cpu_s": cpu, "rows": rows, "growth": [{"over_data": over_data, "over_output": over_output}]}


def test_the_interleaved_growth_has_its_table_and_its_target_rows():
    found = {"docs": [1000, 3000], "quads": [379_526, 1_109_479], "run_at": "2026-12-02 04:03-04:04 UTC",
             "load_average": "3.75 at start", "queries": {
                 "documents": _query([0.0434, 0.1234], [1000, 3000], 0.97, 0.95),
                 "indicators": _query([0.202, 0.6964], [814, 2427], 1.18, 1.16),
                 "slow": _query([0.01, 0.05], [1, 1], 1.71, 1.71)}}
    page = bench_report.render({"scales": {}, "interleaved_growth": found})
    assert "### Growth per saved query, interleaved (1,000 → 3,000 documents)" in page
    assert "| documents | 43.4 | 123.4 | 1,000 | 3,000 | 0.97 | 0.95 |  |" in page
    assert "| slow | 10.0 | 50.0 | 1 | 1 | 1.71 | 1.71 | **faster than the data and its rows** |" in page
    assert "(disk, interleaved) | 1,000 → 3,000 documents | 1.71 (slow) | **missed** |" in page
    assert "2026-12-02 04:03-04:04 UTC" in page and "3.75 at start" in page


def test_without_an_interleaved_measure_the_page_has_no_such_section():
    assert "interleaved" not in bench_report.render({"scales": {}})


def test_each_measure_of_a_scale_keeps_the_date_and_load_it_was_taken_at():
    def machine(date: str, load: float) -> dict:
        return {"date": f"{date} UTC", "platform": "Linux", "python": "3.11", "cores": 2,
                "load_average": [load, load, load]}

    # two measures the page has no table for, so that only the machine table speaks of them
    scale = {"docs": 300, "machine": machine("2026-12-02 04:05", 4.26),
             "first": {"machine": machine("2026-12-02 02:49", 1.0)},
             "second": {"machine": machine("2026-12-02 04:09", 5.13)}}
    first_row = bench_report.render({"scales": {"medium": scale}}).split("\n")[6]
    assert "first 2026-12-02 02:49 (1.0 1.0 1.0); second 2026-12-02 04:09 (5.13 5.13 5.13)" in first_row
