#!/usr/bin/env python3
"""Where a running Rivet JVM and its PostgreSQL backends spend their time, per thread.

    bench/threads.py JVM_PID [PG_ROLE]

Samples /proc every 0.2 s until the JVM exits, then prints, per thread name (threads of one name
summed; PostgreSQL backends of PG_ROLE as "pg-backend"): seconds on a CPU, seconds runnable but
waiting for one (the machine's load), seconds blocked (alive minus both: socket, lock, GC pause,
sleep), and seconds alive; then the backends' user and system CPU and voluntary context switches.
On a loaded machine wall time says little, but CPU and blocked seconds hold: a thread that is
seldom blocked would keep a core busy on a quiet machine. Linux only; reads other processes'
/proc entries, so run it as the user of both processes or as root. Connect Rivet as a role of its
own (PG_ROLE) so its backends are told apart from other sessions.
"""
import collections
import os
import sys
import time

CLOCK = os.sysconf("SC_CLK_TCK")
BOOT = float(open("/proc/stat").read().split("btime ")[1].split()[0])


def stat_fields(path):
    text = open(path + "/stat").read()
    return text[text.rfind(")") + 2:].split()  # fields from the 3rd (state) on


def main():
    jvm = int(sys.argv[1])
    role = sys.argv[2] if len(sys.argv) > 2 else None
    threads = {}  # key -> [name, start, cpu, runqueue, last seen]
    backends = {}  # pid -> (user s, system s, voluntary context switches)

    def sample(path, key, name):
        try:
            cpu, runqueue = open(path + "/schedstat").read().split()[:2]
            if key not in threads:
                threads[key] = [name, BOOT + int(stat_fields(path)[19]) / CLOCK, 0, 0, 0]
            entry = threads[key]
            entry[2], entry[3], entry[4] = int(cpu) / 1e9, int(runqueue) / 1e9, time.time()
        except (OSError, ValueError, IndexError):
            pass  # the thread or process ended between listing and reading

    while os.path.exists(f"/proc/{jvm}"):
        for tid in os.listdir(f"/proc/{jvm}/task"):
            path = f"/proc/{jvm}/task/{tid}"
            try:
                name = open(path + "/comm").read().strip()
            except OSError:
                continue
            sample(path, ("jvm", tid), "GC Thread*" if name.startswith("GC Thread") else name)
        if role:
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    words = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
                    if not words.startswith("postgres:") or f" {role} " not in words:
                        continue
                    sample(f"/proc/{pid}", ("pg", pid), "pg-backend")
                    fields = stat_fields(f"/proc/{pid}")
                    switches = next(
                        line.split()[1]
                        for line in open(f"/proc/{pid}/status")
                        if line.startswith("voluntary_ctxt_switches"))
                    backends[pid] = (int(fields[11]) / CLOCK, int(fields[12]) / CLOCK, int(switches))
                except (OSError, ValueError, IndexError, StopIteration):
                    continue
        time.sleep(0.2)

    totals = collections.defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
    for name, start, cpu, runqueue, seen in threads.values():
        if cpu < 0.05:
            continue
        alive = seen - start
        total = totals[name]
        total[0] += 1
        total[1] += cpu
        total[2] += runqueue
        total[3] += max(0.0, alive - cpu - runqueue)
        total[4] += alive
    print(f"{'thread':28s} {'n':>3s} {'cpu_s':>7s} {'runq_s':>7s} {'blocked_s':>9s} {'alive_s':>7s}")
    for name, t in sorted(totals.items(), key=lambda item: -item[1][1]):
        print(f"{name:28s} {t[0]:3d} {t[1]:7.2f} {t[2]:7.2f} {t[3]:9.2f} {t[4]:7.2f}")
    if backends:
        user = sum(b[0] for b in backends.values())
        system = sum(b[1] for b in backends.values())
        switches = sum(b[2] for b in backends.values())
        print(f"pg-backends: user {user:.2f} s, sys {system:.2f} s,"
              f" voluntary context switches {switches}")


if __name__ == "__main__":
    main()
