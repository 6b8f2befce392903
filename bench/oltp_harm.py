#!/usr/bin/env python3
"""Helpers for bench/oltp-harm.sh: pgbench latencies over a window, and the results report.

Subcommands:
  window OUT T0 T1 LOG...      reads pgbench per-transaction logs (--log, with -R: the last field
                               is the schedule lag), keeps the transactions that ended inside
                               [T0, T1] (epoch seconds), writes their "latency_us lag_us" to OUT,
                               and prints one line: transactions, tps, p50 ms, p99 ms, mean ms,
                               max ms, mean schedule lag ms, max schedule lag ms, failed
                               transactions, covered (yes when the first transaction was
                               scheduled before T0 and the last ended after T1, so the window is
                               wholly inside the pgbench run)
  report RESULTS META MD       prints the results per placement with the issue's targets, and
                               writes them with the machine facts to MD

Percentiles are exact order statistics (nearest rank: the value at rank ceil(p/100 * n) of the
sorted latencies), not interpolated and not read from a histogram.
"""
import math
import statistics
import sys

# Issue 18: p99 during the extraction divided by the idle p99, at most this much.
TARGETS = {"balanced": 2.0, "safe": 1.3}
# What the issue measured before this benchmark existed (1M rows, pinned), for reference.
ISSUE_BEFORE = {"copy": "1.9×", "balanced": "2.9×", "safe": "2.6×"}


def behind_schedule(run, rate):
    """True when the window's transactions fall short of the rate by more than chance explains.

    pgbench draws its start times from a Poisson process of the target rate, so a window of T
    seconds expects rate * T transactions with a standard deviation of sqrt(rate * T); fewer than
    that less three standard deviations means pgbench could not keep to its schedule.
    """
    expected = rate * (float(run["t1"]) - float(run["t0"]))
    return int(run["tx"]) < expected - 3 * math.sqrt(expected)


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def window(out_path, t0, t1, log_paths):
    t0, t1 = float(t0), float(t1)
    if t1 <= t0:
        sys.exit(f"window: end {t1} is not after start {t0}")
    latencies, lags = [], []
    failed = 0
    # With -R the latency counts from the scheduled start, so end - latency is that start.
    first_start, last_end = math.inf, -math.inf
    for path in log_paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                fields = line.split()
                if len(fields) < 6:
                    # pgbench was stopped by a signal in the middle of a line: nothing to keep
                    continue
                try:
                    end = int(fields[4]) + int(fields[5]) / 1e6
                except ValueError:
                    sys.exit(f"window: {path}:{number}: not a pgbench transaction log line: {line!r}")
                if fields[2].isdigit():
                    first_start = min(first_start, end - int(fields[2]) / 1e6)
                last_end = max(last_end, end)
                if not t0 <= end <= t1:
                    continue
                if not fields[2].isdigit():  # "failed" (or "skipped" with --latency-limit)
                    failed += 1
                    continue
                latencies.append(int(fields[2]))
                lags.append(int(fields[6]) if len(fields) > 6 and fields[6].isdigit() else 0)
    with open(out_path, "w", encoding="utf-8") as out:
        for lat, lag in zip(latencies, lags):
            out.write(f"{lat} {lag}\n")
    ordered = sorted(latencies)
    n = len(ordered)
    ms = lambda us: f"{us / 1000:.2f}"  # noqa: E731
    covered = "yes" if first_start <= t0 and last_end >= t1 else "no"
    if n == 0:
        print(f"0 0.0 nan nan nan nan nan nan {failed} {covered}")
        return
    print(
        n,
        f"{n / (t1 - t0):.1f}",
        ms(percentile(ordered, 50)),
        ms(percentile(ordered, 99)),
        ms(statistics.fmean(ordered)),
        ms(ordered[-1]),
        ms(statistics.fmean(lags)),
        ms(max(lags)),
        failed,
        covered,
    )


def _read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                meta[key] = value
    return meta


def _read_runs(path):
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in handle if line.strip()]


def _pooled(runs):
    """Exact p50, p99 and mean (ms) over every transaction of the runs' windows."""
    latencies = []
    for run in runs:
        with open(run["latfile"], encoding="utf-8") as handle:
            latencies.extend(int(line.split()[0]) for line in handle if line.strip())
    latencies.sort()
    if not latencies:
        return float("nan"), float("nan"), float("nan"), 0
    return (
        percentile(latencies, 50) / 1000,
        percentile(latencies, 99) / 1000,
        statistics.fmean(latencies) / 1000,
        len(latencies),
    )


def _med(values):
    return statistics.median(values) if values else float("nan")


def _range(values, fmt="{:.2f}"):
    if not values:
        return "-"
    text = fmt.format(_med(values))
    if len(values) > 1:
        text += f" ({fmt.format(min(values))}–{fmt.format(max(values))})"
    return text


def _floats(runs, key):
    out = []
    for run in runs:
        try:
            value = float(run[key])
        except (KeyError, ValueError):
            continue
        if not math.isnan(value):
            out.append(value)
    return out


def _paired_ratios(runs, variant, key="p99_ms"):
    """p99 (or `key`) of each run of the variant over that of the idle window just before it.

    The script measures every variant right after an idle window of the variant's own length, so
    this ratio compares windows of the same length taken a moment apart. The median of all idle
    windows (the `p99 × idle` column) mixes the lengths of every variant, and a longer window
    catches more of the server's rare stalls (a checkpoint's sync, a VM's steal), so a slow variant
    beside a fast one is judged against idle windows shorter than its own.
    """
    ratios = []
    for i, run in enumerate(runs):
        if run["variant"] != variant or i == 0:
            continue
        before = runs[i - 1]
        if before["variant"] != "idle" or before["rep"] != run["rep"]:
            continue
        try:
            idle, p99 = float(before[key]), float(run[key])
        except (KeyError, ValueError):
            continue
        if idle > 0 and not math.isnan(p99):
            ratios.append(p99 / idle)
    return ratios


def _placement_table(meta, placement, runs):
    rate = float(meta["rate"])
    variants = ["idle"] + meta["variants"].split()
    idle = [r for r in runs if r["variant"] == "idle"]
    idle_p50, idle_p99, idle_mean = (_med(_floats(idle, k)) for k in ("p50_ms", "p99_ms", "mean_ms"))
    idle_pooled_p99 = _pooled(idle)[1]
    header = [
        "variant", "runs", "wall s", "CPU s", "peak RSS MB", "rows", "tps (target %g)" % rate,
        "p50 ms", "p99 ms", "mean ms", "p50 × idle", "p99 × idle",
        "p99 × the idle window before it (median, min–max)", "p99 pooled ms (× idle pooled)",
        "sched. lag ms mean / max", "pgbench buffer misses/s (× the idle window before it)",
        "target (p99 × idle)",
    ]
    table = []
    verdicts = []
    for variant in variants:
        vruns = [r for r in runs if r["variant"] == variant]
        if not vruns:
            continue
        tps = _floats(vruns, "tps")
        behind = [r["rep"] for r in vruns if behind_schedule(r, rate)]
        tps_text = _range(tps, "{:.1f}")
        if behind:
            tps_text += f" BEHIND SCHEDULE (run {', '.join(behind)})"
        p50, p99, mean = (_med(_floats(vruns, k)) for k in ("p50_ms", "p99_ms", "mean_ms"))
        pooled = _pooled(vruns)
        lag_mean = _med(_floats(vruns, "lag_mean_ms"))
        lag_max = max(_floats(vruns, "lag_max_ms") or [float("nan")])
        ratio = p99 / idle_p99 if idle_p99 else float("nan")
        target = TARGETS.get(variant)
        paired = _paired_ratios(runs, variant)
        paired_text = _range(paired, "{:.2f}×") if paired else "-"
        misses = _floats(vruns, "misses_per_s")
        misses_text = _range(misses, "{:.0f}")
        misses_paired = _paired_ratios(runs, variant, "misses_per_s")
        if variant != "idle" and misses_paired:
            misses_text += f" ({_range(misses_paired, '{:.2f}×')})"
        if variant == "idle":
            target_text = "reference"
            ratios = ("1.00", "1.00")
            paired_text = "1.00"
        else:
            ratios = (f"{p50 / idle_p50:.2f}×", f"{ratio:.2f}×")
            if target is None:
                target_text = "none"
            else:
                # Met only when both comparisons say so: the median of every idle window, and
                # the median of the runs against the idle window just before each.
                paired_median = _med(paired) if paired else float("nan")
                met = "met" if ratio <= target and paired_median <= target else "NOT met"
                target_text = f"≤ {target}×: {met}"
                verdicts.append(
                    f"{placement} {variant}: p99 {ratio:.2f}× idle, {paired_median:.2f}× the idle"
                    f" window before it, target ≤ {target}×: {met}"
                )
            if variant in ISSUE_BEFORE:
                target_text += f" (issue, before: {ISSUE_BEFORE[variant]})"
        table.append([
            variant,
            str(len(vruns)),
            _range(_floats(vruns, "wall_s")),
            _range(_floats(vruns, "cpu_s")),
            _range([v / 1024 for v in _floats(vruns, "rss_kb")], "{:.0f}"),
            " ".join(sorted({r["rows"] for r in vruns})),
            tps_text,
            _range(_floats(vruns, "p50_ms")),
            _range(_floats(vruns, "p99_ms")),
            _range(_floats(vruns, "mean_ms")),
            ratios[0],
            ratios[1],
            paired_text,
            f"{pooled[1]:.2f} ({pooled[1] / idle_pooled_p99:.2f}×)",
            f"{lag_mean:.2f} / {lag_max:.2f}",
            misses_text,
            target_text,
        ])
    return header, table, verdicts


def _markdown(header, table):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    return "\n".join(lines)


def _governor_lines(runs):
    lines = []
    for run in runs:
        if run.get("governor", "-") not in ("-", ""):
            lines.append(f"- {run['placement']} {run['variant']} run {run['rep']}: {run['governor']}")
    return lines


def report(results_path, meta_path, md_path):
    meta = _read_meta(meta_path)
    runs = _read_runs(results_path)
    out = [f"# OLTP harm, {meta['date']}", ""]
    out.append(
        f"Machine: {meta['nproc']} CPUs ({meta['cpu']}), {meta['mem']}; load average at start "
        f"{meta['load_start']}, before measuring {meta['load_before']}, at the end {meta['load_end']}."
    )
    out.append(f"Server: {meta['server']}. Java: {meta['java']}. Rivet: {meta['rivet']}.")
    out.append(
        f"Table {meta['table']}: {int(meta['rows']):,} rows. pgbench: {meta['pgbench']}, built-in "
        f"TPC-B-like script on database {meta['oltp_db']} (scale {meta['scale']}), {meta['clients']} "
        f"clients, fixed rate {meta['rate']} tps (-R), no --latency-limit; {meta['repeat']} rounds."
    )
    out.append(
        "Latency is pgbench's per-transaction time measured from the transaction's scheduled start "
        "(it includes the schedule lag), over the transactions that ended while the extractor ran "
        "(idle: inside an idle window of the same length). Figures are medians over the rounds "
        "(min–max); `p99 pooled` is the exact p99 over all rounds' transactions together."
    )
    out.append("")
    for line in meta.get("calibration", "").split(";"):
        if line.strip():
            out.append(f"- calibration: {line.strip()}")
    out.append(f"- server affinity before: {meta['affinity_before']}")
    out.append(f"- server affinity while pinned: {meta['affinity_pinned']}")
    out.append(
        "- tps marked BEHIND SCHEDULE: the window's transactions fell short of RATE × window by "
        "more than 3 standard deviations of pgbench's Poisson schedule"
    )
    out.append("")
    verdicts = []
    for placement in meta["placements"].split():
        pruns = [r for r in runs if r["placement"] == placement]
        if not pruns:
            continue
        header, table, v = _placement_table(meta, placement, pruns)
        verdicts += v
        out.append(f"## {placement}: {meta['placement_' + placement]}")
        out.append("")
        out.append(_markdown(header, table))
        out.append("")
    out.append("## Targets (issue 18)")
    out.append("")
    out += [f"- {v}" for v in verdicts] or ["- no variant with a target was measured"]
    governor = _governor_lines(runs)
    if governor:
        out += ["", "## Governor decisions", ""] + governor
    out += ["", "## Commands", ""]
    for key in sorted(k for k in meta if k.startswith("cmd_")):
        out.append(f"- `{key[4:]}`: `{meta[key]}`")
    if "paced" in meta["variants"].split():
        fetch = meta.get("paced_fetch")
        out.append(
            f"- `paced` reads at `tuning.max_rows_per_second: {meta['paced_rate']}`"
            + (f", `fetch_size: {fetch}`" if fetch else "")
            + (f", `chunk_rows: {meta['paced_chunk']}`" if meta.get("paced_chunk") else "")
        )
    text = "\n".join(out) + "\n"
    print(text)
    with open(md_path, "w", encoding="utf-8") as handle:
        handle.write(text)


def main(argv):
    if len(argv) >= 6 and argv[1] == "window":
        window(argv[2], argv[3], argv[4], argv[5:])
    elif len(argv) == 5 and argv[1] == "report":
        report(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
