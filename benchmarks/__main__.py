"""Run every benchmark: `python -m benchmarks` (or `make bench`)."""

from benchmarks import status_report_throughput

if __name__ == "__main__":
    status_report_throughput.main()
