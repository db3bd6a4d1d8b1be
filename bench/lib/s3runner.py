"""Hokan against restic on S3: the store benchmark's dataset backed up to s3proxy and restored by both.

See bench/README.md ("S3 benchmark"). Entry point: bench/s3-bench. Reuses the store benchmark's dataset,
command runner and tool adapters (runner.py); what is new here is the S3 service, one per tool and repetition,
and the count of the requests each tool makes.
"""

import argparse
import collections
import datetime
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataset  # noqa: E402
import runner  # noqa: E402
from runner import MIB, StepFailed, log  # noqa: E402

TOOLS = ["hokan", runner.SERVER, "restic"]
HOKAN_TOOLS = ("hokan", runner.SERVER)
BUCKET = "bench"
ACCESS_KEY_ID = "hokan-bench"
SECRET_ACCESS_KEY = "hokan-bench-secret"
S3PROXY_JAR = os.path.join(runner.REPO_ROOT, "hokan-api", "target", "s3proxy", "s3proxy.jar")
# s3proxy logs each request it handles at debug level: "request: Request(GET http://host/bucket/key)@...".
REQUEST_LINE = re.compile(r"request: Request\((\w+) (\S+)\)")


class S3Proxy:
    """s3proxy on its filesystem store on a free loopback port; a bucket is a directory under `buckets`."""

    def __init__(self, directory, log_path, nice):
        self.buckets = os.path.join(directory, "buckets")
        os.makedirs(os.path.join(self.buckets, BUCKET))
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        settings = os.path.join(directory, "s3proxy.properties")
        with open(settings, "w") as f:
            f.write(f"s3proxy.endpoint={self.endpoint}\n"
                    "s3proxy.authorization=aws-v2-or-v4\n"
                    f"s3proxy.identity={ACCESS_KEY_ID}\n"
                    f"s3proxy.credential={SECRET_ACCESS_KEY}\n"
                    "jclouds.provider=filesystem\n"
                    f"jclouds.filesystem.basedir={self.buckets}\n")
        cmd = [java(), "-Xmx512m", "-jar", S3PROXY_JAR, "--properties", settings]
        if nice:
            cmd = ["nice", "-n", str(nice)] + cmd
        with open(log_path, "wb") as out:
            self.process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                            env=dict(os.environ, LOG_LEVEL="debug"))
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise StepFailed(f"s3proxy did not start on port {self.port} (log: {log_path})")
                time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    def cpu_seconds(self):
        """User and system CPU seconds s3proxy used so far."""
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / runner.CLK_TCK

    def log_offset(self):
        return os.path.getsize(self.log_path)

    def requests_since(self, offset):
        """Requests s3proxy handled since the log had `offset` bytes, by method."""
        time.sleep(0.3)  # the last request's line may still be on its way to the file
        counts = collections.Counter()
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            for line in f.read().decode(errors="replace").splitlines():
                m = REQUEST_LINE.search(line)
                if m:
                    counts[m.group(1)] += 1
        return dict(sorted(counts.items()))

    def bucket(self, name):
        os.makedirs(os.path.join(self.buckets, name), exist_ok=True)
        return name

    def bucket_bytes(self):
        return runner.tree_bytes(os.path.join(self.buckets, BUCKET))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "java") if home else "java"


class HokanOnS3(runner.Hokan):
    def on(self, s3):
        self.endpoint = s3.endpoint
        self.warm_up_bucket = s3.bucket("warmup")
        self.location = f"s3://{BUCKET}/hokan"

    def hk_env(self, cache, key):
        return super().hk_env(cache, key) | {"HOKAN_S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
                                             "HOKAN_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}

    def vault_command(self, *args):
        return super().vault_command(*args, "--s3-endpoint", self.endpoint)

    def prepare(self):
        """As on disk, then a warm-up on S3 whose backup and restore make the launcher's AOT caches of those commands
        anew: a cache holds the classes and method profiles of the first run of its command after a build, and an S3
        user's has the S3 client's. Like a user's first backup, that run has more than a few MiB to go through: the
        profiles of a tiny run saved a third as much CPU."""
        super().prepare()
        caches = [os.path.join(self.root, "hokan-cli", "target", f"hokan-vault-{command}.aot")
                  for command in ("backup", "restore")]
        self.warm_up(os.path.join(self.ctx.work, "runs", f"{self.name}-warmup"), f"s3://{self.warm_up_bucket}/hokan",
                     before_backup=lambda: [os.remove(c) for c in caches if os.path.exists(c)], bulk_mib=64)
        self.jar_digest = self.digest()

    def vault(self, step, *args):
        return self.ctx.r.run(f"{self.name}-{step}", self.vault_command(*args), env=self.env)

    def init(self):
        return self.vault("init", "init", self.location)

    def backup(self, n):
        r = self.vault(f"backup{n}", "backup", self.location, self.ctx.src)
        self.rp = runner.last_line(r["stdout"])
        if not self.rp:
            raise StepFailed("hokan backup printed no recovery point id")
        return r

    def restore(self, target):
        return self.vault("restore", "restore", self.location, self.rp, target)


class HokanServerOnS3(runner.HokanServer):
    """The server keeps its vaults on the S3 service (`--storage s3://bench/hokan`): the backup and restore are jobs,
    timed as store-bench's server mode times them, after its warm-up in another vault on the same service."""

    def on(self, s3):
        self.endpoint_s3 = s3.endpoint
        self.location = f"s3://{BUCKET}/hokan"
        self.vault_objects = os.path.join(s3.buckets, BUCKET, "hokan", "vaults", self.VAULT)

    def server_options(self):
        return ["--storage", self.location, "--s3-endpoint", self.endpoint_s3]

    def record_server_session(self):
        location, self.location = self.location, f"s3://{BUCKET}/hokan-recorded-session"
        try:
            super().record_server_session()
        finally:
            self.location = location

    def server_env(self):
        return {"HOKAN_S3_ACCESS_KEY_ID": ACCESS_KEY_ID, "HOKAN_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY}

    def repo_bytes(self, s3):
        """The timed vault's objects alone: the warm-up vault is in the same bucket."""
        return runner.tree_bytes(self.vault_objects)


class ResticOnS3(runner.Restic):
    def on(self, s3):
        self.repo_url = f"s3:{s3.endpoint}/{BUCKET}/restic"

    def prepare(self):
        super().prepare()
        self.env.update({"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY})

    def base(self):
        return ["restic", "-r", self.repo_url, "--cache-dir", self.cache]


def bench_tool(ctx, tool):
    """One repetition: a fresh S3 service, init, first backup of v1, restore; requests counted per step."""
    res = {"status": "running", "steps": {}, "requests": {}}
    s3 = None
    try:
        tool.fresh()
        s3 = S3Proxy(os.path.join(tool.dir, "s3"), os.path.join(ctx.r.logdir, f"s3proxy-{tool.name}-{ctx.rep}.log"),
                     ctx.r.nice)
        tool.on(s3)
        tool.prepare()
        res["version"] = tool.version()
        runner.populate(ctx, ctx.v1)
        for label, timed in (("init", lambda: tool.init()), ("first_backup", lambda: tool.backup(1))):
            pre = runner.settle(ctx, tool) if label != "init" else {}
            offset, cpu = s3.log_offset(), s3.cpu_seconds()
            log(f"{tool.name}: {label}")
            res["steps"][label] = timed() | pre | {"s3proxy_cpu_s": round(s3.cpu_seconds() - cpu, 2)}
            res["requests"][label] = s3.requests_since(offset)
            log(f"{tool.name}: {label} took {res['steps'][label]['seconds']:.2f}s "
                f"({res['steps'][label]['s3proxy_cpu_s']} CPU-s in s3proxy), requests {res['requests'][label]}")
        os.sync()
        res["repo_bytes"] = tool.repo_bytes(s3) if isinstance(tool, HokanServerOnS3) else s3.bucket_bytes()
        target = os.path.join(ctx.restores, f"{tool.name}-{ctx.rep}")
        os.makedirs(target)
        pre = runner.settle(ctx, tool, creates_files=True)
        offset, cpu = s3.log_offset(), s3.cpu_seconds()
        log(f"{tool.name}: restore")
        res["steps"]["restore"] = tool.restore(target) | pre | {"s3proxy_cpu_s": round(s3.cpu_seconds() - cpu, 2)}
        res["requests"]["restore"] = s3.requests_since(offset)
        log(f"{tool.name}: restore took {res['steps']['restore']['seconds']:.2f}s "
            f"({res['steps']['restore']['s3proxy_cpu_s']} CPU-s in s3proxy), "
            f"requests {res['requests']['restore']}; verifying (untimed)")
        runner.check_restore(ctx, tool, target, res)
    except Exception as e:  # keep benchmarking the other tool
        runner.failed(tool, res, e)
    finally:
        tool.close()
        if s3:
            s3.stop()
    for s in res["steps"].values():
        s.pop("stdout", None)
    res["metrics"] = metrics(ctx, res)
    if ctx.clean:
        runner.rmtree(tool.dir)
    return res


def metrics(ctx, res):
    st, m = res["steps"], {}
    if "first_backup" in st:
        m["first_backup_mib_s"] = ctx.v1_bytes / MIB / st["first_backup"]["seconds"]
    if "restore" in st:
        m["restore_mib_s"] = ctx.v1_bytes / MIB / st["restore"]["seconds"]
    if "repo_bytes" in res:
        m["repo_bytes"] = res["repo_bytes"]
        stored_mib = res["repo_bytes"] / MIB
        for step in ("first_backup", "restore"):
            if step in res["requests"] and stored_mib:
                m[f"{step}_requests_per_mib"] = sum(res["requests"][step].values()) / stored_mib
    rss = [st[k]["max_rss_kib"] / 1024 for k in ("first_backup", "restore") if k in st and st[k].get("max_rss_kib")]
    if rss:
        m["peak_rss_mib"] = max(rss)
    return m


TARGETS = [
    # key, label, direction, threshold, against restic's figure (True) or a fixed bound (False)
    ("first_backup_mib_s", "first backup throughput", "higher", 1.5, True),
    ("restore_mib_s", "restore throughput", "higher", 1.5, True),
    ("repo_bytes", "repository size", "lower", 1.0, True),
    ("first_backup_requests_per_mib", "backup requests per MiB stored", "lower", 3.0, False),
    ("restore_requests_per_mib", "restore requests per MiB stored", "lower", 3.0, False),
]


def compare(results):
    """Each Hokan tool of the run against restic."""
    return [row for t in HOKAN_TOOLS if t in results for row in compare_one(t, results[t], results.get("restic", {}))]


def compare_one(tool, h, r):
    rows = []
    for key, label, direction, thr, relative in TARGETS:
        row = {"tool": tool, "metric": key, "label": label, "direction": direction, "threshold": thr,
               "reference": "restic" if relative else "fixed"}
        value = h.get("metrics", {}).get(key) if h.get("status") == "ok" else None
        ref = r.get("metrics", {}).get(key) if r.get("status") == "ok" else None
        if value is None or relative and not ref:
            rows.append(row | {"result": "N/A"})
            continue
        figure = value / ref if relative else value
        ok = figure >= thr if direction == "higher" else figure <= thr
        rows.append(row | {"hokan_value": value, "reference_value": ref, "figure": figure,
                           "result": "PASS" if ok else "FAIL"})
    return rows


def median_requests(runs, step):
    ok = [r for r in runs if r["status"] == "ok" and step in r["requests"]] or runs
    counts = [r["requests"].get(step, {}) for r in ok]
    methods = sorted({k for c in counts for k in c})
    return {k: sorted(c.get(k, 0) for c in counts)[len(counts) // 2] for k in methods}


def print_report(ctx, results, rows):
    print()
    print(f"Dataset v1: {ctx.v1_files} files, {ctx.v1_bytes / MIB:.0f} MiB (size parameter {ctx.size_mib} MiB, "
          f"seed {ctx.seed}), on s3proxy (filesystem store) over loopback.")
    if ctx.repeat > 1:
        print(f"Best of {ctx.repeat} repetitions for throughputs, median for requests and RSS.")
    hdr = (f"{'tool':<12} {'status':<9} {'backup':>8} {'restore':>8} {'repo':>8} {'req/MiB':>8} {'req/MiB':>8} "
           f"{'RSS':>6}  requests (backup; restore)")
    print(hdr)
    print(f"{'':<12} {'':<9} {'MiB/s':>8} {'MiB/s':>8} {'MiB':>8} {'backup':>8} {'restore':>8} {'MiB':>6}")
    print("-" * len(hdr))
    for t in ctx.tools:
        res = results[t]
        m = res["metrics"]
        repo = m.get("repo_bytes")
        fmt = runner.fmt
        print(f"{t:<12} {res['status']:<9} {fmt(m.get('first_backup_mib_s'), '8.1f')} "
              f"{fmt(m.get('restore_mib_s'), '8.1f')} {fmt(repo / MIB if repo else None, '8.1f')} "
              f"{fmt(m.get('first_backup_requests_per_mib'), '8.2f')} {fmt(m.get('restore_requests_per_mib'), '8.2f')} "
              f"{fmt(m.get('peak_rss_mib'), '6.0f')}  {res['requests']['first_backup']}; {res['requests']['restore']}")
        if res.get("error"):
            print(f"  {t}: {res['error']}")
    print(f"Load average (1 min) before the timed steps: {', '.join(f'{x:.2f}' for x in ctx.loads)}")
    print()
    print("Targets (Hokan against restic in this run, or a fixed bound):")
    for row in rows:
        label = f"{row['tool']}: {row['label']}"
        if row["result"] == "N/A":
            print(f"  {label:<48} N/A")
            continue
        want = (f">= {row['threshold']:g}" if row["direction"] == "higher" else f"<= {row['threshold']:g}")
        what = f"{row['tool']}/restic" if row["reference"] == "restic" else row["tool"]
        print(f"  {label:<48} {what:<19} = {row['figure']:7.3f}  (want {want:<6}) {row['result']}")


def ensure_s3proxy():
    """The build copies s3proxy's jar for the tests; fetch it the same way (untimed) if no build has yet."""
    if os.path.isfile(S3PROXY_JAR):
        return
    log("fetching s3proxy's jar (maven-dependency-plugin, as the build does)")
    subprocess.run(["mvn", "-B", "-q", "-pl", "hokan-api",
                    "org.apache.maven.plugins:maven-dependency-plugin:copy@s3proxy"], cwd=runner.REPO_ROOT, check=True)


def main():
    ap = argparse.ArgumentParser(prog="s3-bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    runner.add_common_arguments(ap, [t for t in TOOLS if t != runner.SERVER], default_repeat=2)
    ap.add_argument("--server", action="store_true", default=os.environ.get("BENCH_SERVER") == "1",
                    help="also run Hokan as a server whose vaults are on the S3 service, its backup and restore "
                         "jobs started with the aws CLI (the tool hokan-server; env BENCH_SERVER=1)")
    a = ap.parse_args()
    chosen = {x.strip() for x in a.tools.split(",")} | ({runner.SERVER} if a.server else set())
    tools = [t for t in TOOLS if t in chosen]
    if not tools:
        sys.exit(f"s3-bench: choose tools from {TOOLS}")
    if a.nice < 0 and os.geteuid() != 0:
        sys.exit("s3-bench: a negative --nice needs root")

    work = os.path.abspath(a.work_dir)
    os.makedirs(work, exist_ok=True)
    lock = runner.lock_work_dir(work)  # noqa: F841 (held until exit)
    runner.ensure_packages(tools, not a.no_install)
    ensure_s3proxy()
    gen = dataset.Generator(os.path.join(work, "datasets", f"s{a.size_mib}-{a.seed}"), a.size_mib, a.seed, log=log)
    marker = gen.ensure()

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    ctx = runner.Ctx()
    ctx.work, ctx.tools, ctx.size_mib, ctx.seed = work, tools, a.size_mib, a.seed
    ctx.top_entries = gen.TOP_ENTRIES
    ctx.warm_up_dataset = dataset.Generator(os.path.join(work, "datasets", f"s{a.size_mib}-server-warmup"), a.size_mib,
                                            "server-warmup", log=log)
    ctx.clean, ctx.idle_wait, ctx.repeat = a.clean, a.idle_wait, max(1, a.repeat)
    ctx.v1 = gen.dir_v1
    ctx.v1_bytes, ctx.v1_files = marker["v1"]["bytes"], marker["v1"]["files"]
    ctx.src = os.path.join(work, "src")
    ctx.restores = os.path.join(work, "restores")
    runner.remove_many_files(ctx, ctx.restores)
    logdir = os.path.join(work, "logs", f"s3-{stamp}")
    os.makedirs(logdir)
    ctx.r = runner.Runner(work, logdir, a.timeout, a.nice)

    runs = {t: [] for t in tools}
    for rep in range(1, ctx.repeat + 1):
        ctx.rep = rep
        for t in tools:
            tool = {"hokan": HokanOnS3, runner.SERVER: HokanServerOnS3, "restic": ResticOnS3}[t](f"{t}-s3", ctx)
            log(f"=== {t} on S3" + (f" (repetition {rep}/{ctx.repeat})" if ctx.repeat > 1 else "") + " ===")
            runs[t].append(bench_tool(ctx, tool))
    runner.remove_many_files(ctx, ctx.restores)
    results = {}
    for t in tools:
        results[t] = runner.aggregate(runs[t])
        results[t]["requests"] = {step: median_requests(runs[t], step) for step in ("init", "first_backup", "restore")}
    ctx.loads = [s["loadavg1_before"] for t in tools for r in runs[t] for k, s in r["steps"].items() if k != "init"]
    rows = compare(results)
    print_report(ctx, results, rows)
    out = {
        "timestamp": stamp,
        "host": runner.host(),
        "params": {"size_mib": a.size_mib, "seed": a.seed, "tools": tools, "work_dir": work, "repeat": ctx.repeat,
                   "idle_wait": ctx.idle_wait, "nice": a.nice},
        "dataset": marker,
        "notes": "one s3proxy (filesystem store, loopback) per tool and repetition; requests counted from s3proxy's "
                 "log; repo_bytes = bytes of the objects in the bucket after the first backup; MiB/s use v1 bytes",
        "tools": results,
        "targets": rows,
        "logs": logdir,
    }
    runner.write_results(os.path.join(work, f"s3-results-{stamp}.json"), out)


if __name__ == "__main__":
    main()
