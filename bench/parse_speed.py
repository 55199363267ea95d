"""Benchmark of the seed parser alone: CPU milliseconds per `parse()` call.

Parses the seed and each invented fixture of tests/fixtures/genre*/ NUMBER times in a row,
measured with `time.process_time`, repeats that REPEATS times and prints the median ms per parse
of each input, then the median over the fixtures:

    python bench/parse_speed.py                  # 200 parses, 5 repeats
    python bench/parse_speed.py --number 50 --repeats 3
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue.seedparser import parse  # noqa: E402

SEED = ROOT / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("genre*/*.txt"))


def ms_per_parse(text, number, repeats):
    """Median over `repeats` of the CPU time of `number` parses, in ms per parse."""
    parse(text)  # warm up: compiled patterns, caches
    timings = []
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(number):
            parse(text)
        timings.append((time.process_time() - started) * 1000 / number)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200, help="parses per timing (200)")
    parser.add_argument("--repeats", type=int, default=5, help="timings per input (5)")
    args = parser.parse_args()

    seed_ms = ms_per_parse(SEED.read_text(encoding="utf-8"), args.number, args.repeats)
    print(f"{'seed ' + SEED.name:52} {seed_ms:7.3f} ms")
    fixture_ms = []
    for path in FIXTURES:
        ms = ms_per_parse(path.read_text(encoding="utf-8"), args.number, args.repeats)
        fixture_ms.append(ms)
        print(f"{path.parent.name + '/' + path.name:52} {ms:7.3f} ms")
    print(
        f"{'median of the ' + str(len(FIXTURES)) + ' fixtures':52} "
        f"{statistics.median(fixture_ms):7.3f} ms"
    )
    print(f"{'seed':52} {seed_ms:7.3f} ms")


if __name__ == "__main__":
    main()
