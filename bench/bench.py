#!/usr/bin/env python3
"""Helpers for bench/run.sh: count output rows, summarise server samples, print the results.

Subcommands:
  csv-rows FILE...          data rows in CSV files (RFC 4180 quoting; a header row is detected
                            when the first field of the first record is l_id); .gz is read too
  manifest-rows FILE        total rows a Rivet manifest.json claims (sum of files[].rows, checked
                            against a top-level total when there is one)
  samples FILE              longest statement s, longest transaction s, max connections
  server-cpu PID            CPU seconds so far of the server process PID, the children it reaped
                            and its live children (two readings' difference: the server's CPU)
  report RESULTS META MD    prints the results table and the targets, and writes them with the
                            machine facts to MD
"""
import csv
import gzip
import json
import os
import statistics
import sys

ROW_KEYS = ("rows", "row_count", "rowCount", "total_rows", "totalRows", "records")
FILE_LIST_KEYS = ("files", "chunks", "parts")


def server_cpu(pid):
    """CPU seconds (user + system) the server process tree has used so far: the process itself,
    the children it has reaped (a PostgreSQL backend that ended) and its live children. The
    difference of two readings is the server's CPU in between, whichever backends came and went."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(p):
        with open(f"/proc/{p}/stat") as f:
            text = f.read()
        return text[text.rindex(")") + 2:].split()  # fields from the state on (field 3)

    own = fields(pid)
    total = sum(int(own[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or entry == str(pid):
            continue
        try:
            f = fields(entry)
        except OSError:
            continue
        if f[1] == str(pid):  # ppid
            total += int(f[11]) + int(f[12])
    return total / tick


def csv_rows(paths):
    csv.field_size_limit(sys.maxsize)
    total = 0
    for path in paths:
        if path.endswith(".gz"):
            handle = gzip.open(path, "rt", encoding="utf-8", newline="")
        elif path.endswith(".csv"):
            handle = open(path, encoding="utf-8", newline="")
        else:
            sys.exit(f"csv-rows: cannot read {path}: only .csv and .csv.gz are supported")
        with handle:
            reader = csv.reader(handle)
            first = next(reader, None)
            if first is None:
                continue
            rows = sum(1 for _ in reader)
            total += rows if first and first[0] == "l_id" else rows + 1
    print(total)


def _rows_of(mapping):
    for key in ROW_KEYS:
        value = mapping.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def manifest_rows(path):
    with open(path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    file_sum = None
    for key in FILE_LIST_KEYS:
        items = manifest.get(key)
        if isinstance(items, list) and items:
            counts = [_rows_of(item) if isinstance(item, dict) else None for item in items]
            if all(count is not None for count in counts):
                file_sum = sum(counts)
                break
    total = _rows_of(manifest)
    if total is None and isinstance(manifest.get("totals"), dict):
        total = _rows_of(manifest["totals"])
    if file_sum is not None and total is not None and file_sum != total:
        sys.exit(f"manifest-rows: {path}: files add up to {file_sum} rows but the total says {total}")
    result = file_sum if file_sum is not None else total
    if result is None:
        sys.exit(f"manifest-rows: {path}: no row counts found (looked for {', '.join(ROW_KEYS)})")
    print(result)


def samples(path):
    stmt = xact = 0.0
    conns = 0
    count = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 3:
                continue
            count += 1
            stmt = max(stmt, float(parts[0]))
            xact = max(xact, float(parts[1]))
            conns = max(conns, int(parts[2]))
    print(f"{stmt:.3f} {xact:.3f} {conns} {count}")


def _read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                meta[key] = value
    return meta


def _fmt_range(values):
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def _baseline(meta):
    return meta.get("baseline", "copy"), meta.get("baseline_label", "COPY")


def _medians(runs, variant):
    """Median wall time of the variant's valid runs, or None."""
    walls = [float(r["wall_s"]) for r in runs if r["variant"] == variant and r["valid"] == "yes"]
    return statistics.median(walls) if walls else None


def _table(meta, runs):
    rows = int(meta["rows"])
    source_bytes = int(meta["source_bytes"])
    order = meta["variants"].split()
    baseline, baseline_label = _baseline(meta)
    valid_runs = {v: [r for r in runs if r["variant"] == v and r["valid"] == "yes"] for v in order}
    baseline_median = _medians(runs, baseline)
    header = [
        "variant", "valid", "wall s median (min–max)", "CPU s median (min–max)",
        "server CPU s median (min–max)", "rows/s", "out MB", "out MB/s",
        "source MB/s", "peak RSS MB", f"× {baseline_label}", "longest stmt s", "longest xact s",
        "max conns",
    ]
    table = []
    for variant in order:
        all_runs = [r for r in runs if r["variant"] == variant]
        good = valid_runs[variant]
        line = [variant, f"{len(good)}/{len(all_runs)}"]
        if not good:
            reasons = sorted({r["note"] for r in all_runs if r["note"]})
            line += ["—"] * (len(header) - 2)
            line[2] = "; ".join(reasons)[:60] or "no valid run"
            table.append(line)
            continue
        walls = [float(r["wall_s"]) for r in good]
        wall = statistics.median(walls)
        out_bytes = statistics.median(int(r["out_bytes"]) for r in good)
        cpus = [float(r["cpu_s"]) for r in good if r.get("cpu_s") not in (None, "")]
        servers = [float(r["server_cpu_s"]) for r in good if r.get("server_cpu_s") not in (None, "", "-")]
        line += [
            _fmt_range(walls),
            _fmt_range(cpus) if cpus else "—",
            _fmt_range(servers) if servers else "—",
            f"{rows / wall:,.0f}",
            f"{out_bytes / 1e6:,.1f}",
            f"{out_bytes / 1e6 / wall:,.1f}",
            f"{source_bytes / 1e6 / wall:,.1f}",
            f"{statistics.median(int(r['rss_kb']) for r in good) / 1024:,.0f}",
            f"{wall / baseline_median:.2f}" if baseline_median else "n/a",
            f"{max(float(r['stmt_s']) for r in good):.2f}",
            f"{max(float(r['xact_s']) for r in good):.2f}",
            str(max(int(r["conns"]) for r in good)),
        ]
        table.append(line)
    return header, table


def _targets(meta, runs):
    """One line per measured variant: its figures against the issue's targets (none: no lines)."""
    ratio_target = float(meta["target_ratio"]) if meta.get("target_ratio") else None
    stmt_target = float(meta["target_stmt_s"]) if meta.get("target_stmt_s") else None
    if ratio_target is None and stmt_target is None:
        return []
    baseline, baseline_label = _baseline(meta)
    baseline_median = _medians(runs, baseline)
    wanted = []
    if ratio_target is not None:
        wanted.append(f"wall time ≤ {ratio_target:g}× {baseline_label}")
    if stmt_target is not None:
        wanted.append(f"longest statement ≤ {stmt_target:g} s")
    lines = ["Targets: " + "; ".join(wanted) + "."]
    for variant in meta["variants"].split():
        if variant == baseline:
            continue
        wall = _medians(runs, variant)
        if wall is None:
            lines.append(f"- {variant}: no valid run")
            continue
        parts = []
        if ratio_target is not None:
            if baseline_median:
                ratio = wall / baseline_median
                parts.append(f"{ratio:.2f}× {baseline_label}: {'met' if ratio <= ratio_target else 'NOT met'}")
            else:
                parts.append(f"× {baseline_label}: no valid baseline run")
        if stmt_target is not None:
            stmt = max(float(r["stmt_s"]) for r in runs if r["variant"] == variant and r["valid"] == "yes")
            parts.append(f"longest statement {stmt:.2f} s: {'met' if stmt <= stmt_target else 'NOT met'}")
        lines.append(f"- {variant}: " + "; ".join(parts))
    return lines


def _text(header, table):
    widths = [max(len(str(row[i])) for row in [header] + table) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)) for row in [header] + table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown(header, table):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in table]
    return "\n".join(lines)


def report(results_path, meta_path, md_path):
    meta = _read_meta(meta_path)
    with open(results_path, encoding="utf-8") as handle:
        runs = list(csv.DictReader(handle, delimiter="\t"))
    header, table = _table(meta, runs)
    baseline, baseline_label = _baseline(meta)
    stream = "the binary COPY stream" if baseline == "copy" else "its output in batch form"
    legend = (
        f"{int(meta['rows']):,} rows; source = {meta.get('size_label', 'pg_table_size')} "
        f"{int(meta['source_bytes']) / 1e6:,.1f} MB; MB = 10^6 bytes. Figures are medians over "
        "valid runs; longest stmt/xact and max conns are the worst over valid runs (sampled every "
        f"100 ms). CPU s: user + system CPU time of the whole process (for {baseline}: of its "
        f"client only, not the server's). out MB: files written ({baseline}: size of {stream}). × {baseline_label}: median "
        f"wall time divided by the raw {baseline_label} median."
    )
    if meta.get("source") == "mariadb":
        legend += " Longest xact: InnoDB transaction age, whole seconds."
    targets = _targets(meta, runs)
    print(_text(header, table))
    print()
    print(legend)
    if targets:
        print()
        print("\n".join(targets))
    facts = [
        ("date", meta.get("date", "")),
        ("machine", f"{meta.get('nproc', '?')} CPUs ({meta.get('cpu', '?')}), {meta.get('mem', '?')} memory"),
        ("load average at start", meta.get("load_start", "")),
        ("load average before measuring", meta.get("load_before", "")),
        ("connection", meta.get("conn", meta.get("pg_env", ""))),
        ("java", meta.get("java", "")),
        (meta.get("server_label", "PostgreSQL server"), meta.get("server", meta.get("pg_server", ""))),
        ("rivet", meta.get("rivet", "")),
        ("repetitions", f"{meta.get('repeat', '?')} per variant, alternating"),
    ]
    with open(md_path, "w", encoding="utf-8") as out:
        out.write(f"# Rivet benchmark, {meta.get('date', '')}\n\n")
        out.writelines(f"- {key}: {value}\n" for key, value in facts)
        out.write("\n" + _markdown(header, table) + "\n\n" + legend + "\n\n")
        if targets:
            out.write("\n".join(targets) + "\n\n")
        out.write("## Commands\n\n")
        out.write(
            f"    REPEAT={meta.get('repeat')} VARIANTS=\"{meta['variants']}\" "
            f"bench/run.sh --source {meta.get('source', 'postgresql')} {meta['rows']}\n\n"
        )
        for variant in meta["variants"].split():
            out.write(f"- `{variant}`: `{meta.get('cmd_' + variant, '')}`\n")
        out.write("\n## Runs\n\n| variant | rep | exit | wall s | CPU s | RSS MB | rows out | valid | note |\n")
        out.write("|---|---|---|---|---|---|---|---|---|\n")
        for r in runs:
            out.write(
                f"| {r['variant']} | {r['rep']} | {r['exit']} | {r['wall_s']} | {r.get('cpu_s', '')} | "
                f"{int(r['rss_kb']) / 1024:.0f} | {r['out_rows']} | {r['valid']} | {r['note']} |\n"
            )


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, args = argv[1], argv[2:]
    if command == "csv-rows":
        csv_rows(args)
    elif command == "manifest-rows" and len(args) == 1:
        manifest_rows(args[0])
    elif command == "samples" and len(args) == 1:
        samples(args[0])
    elif command == "server-cpu" and len(args) == 1:
        print(f"{server_cpu(int(args[0])):.2f}")
    elif command == "report" and len(args) == 3:
        report(*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
