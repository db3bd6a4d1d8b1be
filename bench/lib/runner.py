"""Hokan storage-engine benchmark: Hokan against restic and borg on the same data, same run.

See bench/README.md. Entry point: bench/store-bench.
"""

import argparse
import datetime
import fcntl
import hashlib
import hmac
import http.client
import json
import os
import platform
import shutil
import stat
import statistics
import subprocess
import socket
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataset  # noqa: E402

MIB = 1 << 20
ALL_TOOLS = ["hokan", "hokan-server", "restic", "borg-lz4", "borg-zstd3"]
SERVER = "hokan-server"  # Hokan's backups and restores as jobs of a running server
OLD = "hokan-old"  # Hokan built from an earlier commit (--old), measured beside the current build
OLD_SERVER = "hokan-server-old"  # the same, in server mode
# each build measured in this run, and the earlier commit's build measured beside it with --old
BUILD_PAIRS = (("hokan", OLD), (SERVER, OLD_SERVER))
PEERS = ["restic", "borg-lz4", "borg-zstd3"]
PASSWORD = "hokan-bench-password"

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(BENCH_DIR)


def log(msg):
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {msg}", flush=True)


class StepFailed(Exception):
    pass


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_busy_seconds():
    """Busy CPU seconds of the whole machine so far (all cores, from /proc/stat)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already inside user)
    return (v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)) / CLK_TCK


def wait_idle(max_wait, threshold=0.5, sample=2.0):
    """Wait until other processes use less than `threshold` cores (sampled over `sample` s).

    Returns (cores busy in the last sample, seconds waited)."""
    t0 = time.monotonic()
    announced = False
    while True:
        b0 = cpu_busy_seconds()
        time.sleep(sample)
        busy = (cpu_busy_seconds() - b0) / sample
        waited = time.monotonic() - t0
        if busy < threshold or waited >= max_wait:
            if announced:
                log(f"  machine {'idle' if busy < threshold else 'still busy'} "
                    f"({busy:.2f} cores busy) after waiting {waited:.0f}s")
            return busy, waited
        if not announced:
            log(f"  other processes use {busy:.2f} cores; waiting up to {max_wait}s for the machine to settle")
            announced = True
        time.sleep(3)


def rmtree(path):
    if os.path.lexists(path):
        shutil.rmtree(path)


# ext4 without a journal (this machine's root file system) skips every free inode deleted in the last
# 60 s while it allocates one, or in the last 360 s when that inode's table block is dirty, as it is
# while files are being created around it; it reads each one's deletion time. A restore's 24,000 file
# creations soon after deleting a source or restore tree cost 5-30 s of kernel time, which fell on
# whichever tool restored soonest after the deletion (the fastest one). So a run deletes no large tree
# before its last restore, and a restore waits until the last such deletion (of this run's or an
# earlier run's trees, noted in a file of the work directory) is older than that window.
RECENTLY_DELETED_S = 365
DELETION_NOTE = ".last-mass-deletion"


def note_mass_deletion(ctx):
    with open(os.path.join(ctx.work, DELETION_NOTE), "w") as f:
        f.write(str(time.time()))


def remove_many_files(ctx, path):
    """Deletes a tree of thousands of files and notes when, for wait_past_deletions."""
    if os.path.lexists(path):
        shutil.rmtree(path)
        note_mass_deletion(ctx)


def wait_past_deletions(ctx):
    """Sleeps until the last mass deletion is outside the file system's recently-deleted window."""
    try:
        with open(os.path.join(ctx.work, DELETION_NOTE)) as f:
            remaining = float(f.read()) + RECENTLY_DELETED_S - time.time()
    except (OSError, ValueError):
        return 0.0
    if remaining > 0:
        log(f"  waiting {remaining:.0f}s: thousands of files were deleted less than {RECENTLY_DELETED_S}s ago")
        time.sleep(remaining)
    return max(0.0, remaining)


def tree_bytes(path):
    total = 0
    for dp, _, fns in os.walk(path):
        for fn in fns:
            try:
                total += os.lstat(os.path.join(dp, fn)).st_size
            except OSError:
                pass
    return total


def warm_cache(path):
    """Read every file once so that it is in the page cache (untimed)."""
    buf = bytearray(4 * MIB)
    for dp, _, fns in os.walk(path):
        for fn in fns:
            try:
                if not stat.S_ISREG(os.lstat(os.path.join(dp, fn)).st_mode):
                    continue  # symlinks, and never a pipe or socket, which would block
                with open(os.path.join(dp, fn), "rb", buffering=0) as f:
                    while f.readinto(buf):
                        pass
            except (FileNotFoundError, PermissionError):
                pass  # a running tool's temporary file, gone or its own


# ---------------------------------------------------------------------------------------
class Runner:
    def __init__(self, work, logdir, timeout, nice=0):
        self.nice = nice
        self.work = work
        self.logdir = logdir
        self.timeout = timeout
        self.seq = 0

    def run(self, name, argv, env=None, cwd=None, timeout=None, check=True):
        """Run argv under /usr/bin/time -v; returns a dict with wall seconds and peak RSS."""
        self.seq += 1
        base = os.path.join(self.logdir, f"{self.seq:03d}-{name}")
        full_env = dict(os.environ)
        full_env.update(env or {})
        cmd = ["/usr/bin/time", "-v", "-o", base + ".time"] + list(argv)
        if self.nice:
            cmd = ["nice", "-n", str(self.nice)] + cmd
        with open(base + ".out", "wb") as out, open(base + ".err", "wb") as err:
            err.write((" ".join(argv) + "\n").encode())
            err.flush()
            load = os.getloadavg()[0]
            cpu0 = cpu_busy_seconds()
            t0 = time.monotonic()
            try:
                p = subprocess.run(cmd, stdout=out, stderr=err, env=full_env, cwd=cwd,
                                   timeout=timeout or self.timeout)
                rc = p.returncode
            except subprocess.TimeoutExpired:
                rc = "timeout"
            secs = time.monotonic() - t0
            cpu = cpu_busy_seconds() - cpu0
        tv = parse_time_v(base + ".time")
        own = (tv.get("user_s") or 0) + (tv.get("sys_s") or 0)
        res = {"cmd": argv, "rc": rc, "seconds": round(secs, 3), "max_rss_kib": tv.get("max_rss_kib"),
               "user_s": tv.get("user_s"), "sys_s": tv.get("sys_s"), "loadavg1_before": round(load, 2),
               "other_cpu_s": round(max(0.0, cpu - own), 2),
               "log": base}
        with open(base + ".out", "rb") as f:
            res["stdout"] = f.read().decode(errors="replace")
        if check and rc != 0:
            with open(base + ".err", "rb") as f:
                tail = f.read().decode(errors="replace").strip().splitlines()[-8:]
            raise StepFailed(f"{name}: exit {rc}: " + " | ".join(tail) + f" (log: {base}.err)")
        return res


def parse_time_v(path):
    out = {}
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("Maximum resident set size (kbytes):"):
                    out["max_rss_kib"] = int(line.rsplit(":", 1)[1])
                elif line.startswith("User time (seconds):"):
                    out["user_s"] = float(line.rsplit(":", 1)[1])
                elif line.startswith("System time (seconds):"):
                    out["sys_s"] = float(line.rsplit(":", 1)[1])
    except OSError:
        pass
    return out


# ---------------------------------------------------------------------------------------
# Tool adapters. Each has: prepare(), init(), backup(n), restore(target), restored_root(target),
# repo (the repository directory), cache dirs (excluded from repository bytes).

class Tool:
    def __init__(self, name, ctx):
        self.name = name
        self.ctx = ctx
        self.dir = os.path.join(ctx.work, "runs", name)
        self.repo = os.path.join(self.dir, "repo")
        self.cache = os.path.join(self.dir, "cache")
        self.tmp = os.path.join(self.dir, "tmp")
        self.env = {"TMPDIR": self.tmp}

    def fresh(self):
        rmtree(self.dir)
        os.makedirs(self.cache)
        os.makedirs(self.tmp)

    def prepare(self):
        pass

    def version(self):
        return None

    def before_timed(self):
        pass

    def close(self):
        pass

    def restored_root(self, target):
        src = self.ctx.src
        for cand in (os.path.join(target, src.lstrip("/")), os.path.join(target, os.path.basename(src)),
                     target):
            if os.path.isdir(cand) and all(os.path.exists(os.path.join(cand, e)) for e in self.ctx.top_entries):
                return cand
        return target


class Restic(Tool):
    def base(self):
        return ["restic", "-r", self.repo, "--cache-dir", self.cache]

    def prepare(self):
        self.env.update({"RESTIC_PASSWORD": PASSWORD})

    def version(self):
        return subprocess.run(["restic", "version"], capture_output=True, text=True).stdout.strip()

    def init(self):
        return self.ctx.r.run(f"{self.name}-init", self.base() + ["init", "--repository-version", "2"],
                              env=self.env)

    def backup(self, n):
        return self.ctx.r.run(f"{self.name}-backup{n}",
                              self.base() + ["backup", "--compression", "auto", self.ctx.src],
                              env=self.env)

    def restore(self, target):
        return self.ctx.r.run(f"{self.name}-restore", self.base() + ["restore", "latest", "--target", target],
                              env=self.env)


class Borg(Tool):
    def __init__(self, name, ctx, compression):
        super().__init__(name, ctx)
        self.compression = compression

    def prepare(self):
        self.env.update({
            "BORG_PASSPHRASE": PASSWORD,
            "BORG_BASE_DIR": os.path.join(self.dir, "base"),
            "BORG_CACHE_DIR": self.cache,
            "BORG_RELOCATED_REPO_ACCESS_IS_OK": "yes",
            "BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK": "yes",
            "BORG_DISPLAY_PASSPHRASE": "no",
        })

    def version(self):
        return subprocess.run(["borg", "--version"], capture_output=True, text=True).stdout.strip()

    def init(self):
        return self.ctx.r.run(f"{self.name}-init", ["borg", "init", "-e", "repokey-blake2", self.repo],
                              env=self.env)

    def backup(self, n):
        src = self.ctx.src
        return self.ctx.r.run(f"{self.name}-backup{n}",
                              ["borg", "create", "-C", self.compression, f"{self.repo}::b{n}",
                               os.path.basename(src)], env=self.env, cwd=os.path.dirname(src))

    def restore(self, target):
        return self.ctx.r.run(f"{self.name}-restore", ["borg", "extract", f"{self.repo}::b3"],
                              env=self.env, cwd=target)


class Hokan(Tool):
    def __init__(self, name, ctx, root=REPO_ROOT):
        super().__init__(name, ctx)
        self.root = root
        self.launcher = os.path.join(root, "hokan")
        self.jar = os.path.join(root, "hokan-cli", "target", "hokan.jar")
        self.key = os.path.join(self.dir, "master.key")
        self.rp = None
        self.jar_digest = None
        self.rebuilt_during_run = False

    def hk_env(self, cache, key):
        e = {"TMPDIR": self.tmp, "HOKAN_CACHE_DIR": cache, "HOKAN_MASTER_KEY_FILE": key}
        return e

    def stale(self):
        if not os.path.isfile(self.jar):
            return True
        jm = os.stat(self.jar).st_mtime
        for dp, dns, fns in os.walk(self.root):
            if dp == self.root:
                dns[:] = [d for d in dns if d not in ("bench", ".git", "target")]
            dns[:] = [d for d in dns if d != "target"]
            in_main = (os.sep + "src" + os.sep + "main") in (dp + os.sep)
            for fn in fns:
                if fn == "pom.xml" or in_main:
                    try:
                        if os.stat(os.path.join(dp, fn)).st_mtime > jm:
                            return True
                    except OSError:
                        pass
        return False

    def digest(self):
        try:
            with open(self.jar, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()
        except OSError:
            return None

    def prepare(self):
        # Build (if needed) and start the launcher once, untimed; then a tiny warm-up cycle so the
        # class-data archive exists before anything is timed.
        r = self.ctx.r.run(f"{self.name}-version", [self.launcher, "--version"], env=self.hk_env(self.cache, self.key),
                           timeout=3600, check=False)
        with open(r["log"] + ".err", "rb") as f:
            err = f.read().decode(errors="replace")
        if "build failed" in err or "no JDK" in err or not os.path.isfile(self.jar):
            lines = err.strip().splitlines()
            errors = [ln for ln in lines if ln.startswith("[ERROR]") and len(ln) > 10][:3]
            raise StepFailed("hokan launcher/build failed: " + " | ".join(errors + lines[-1:]) +
                             f" (full log: {r['log']}.err)")
        self._version = (r["stdout"].strip().splitlines() or [""])[0] if r["rc"] == 0 else None
        wd = os.path.join(self.ctx.work, "runs", f"{self.name}-warmup")
        self.warm_up(wd, os.path.join(wd, "vault"))
        self.jar_digest = self.digest()
        self.env = self.hk_env(self.cache, self.key)

    def vault_command(self, *args):
        return [self.launcher, "vault", *args]

    def warm_up(self, wd, vault, before_backup=lambda: None, bulk_mib=0):
        """A tiny init/backup/restore cycle in `wd` (deleted after) with a vault at `vault`; with `bulk_mib`, the
        source also holds that many MiB in a few files, half text and half random bytes (few, so that deleting them
        is no mass deletion)."""
        rmtree(wd)
        src = os.path.join(wd, "src")
        os.makedirs(os.path.join(src, "sub"))
        with open(os.path.join(src, "a.txt"), "wb") as f:
            f.write(b"hokan warm-up\n" * 5000)
        with open(os.path.join(src, "sub", "b.bin"), "wb") as f:
            f.write(dataset.rng_for("warmup").randbytes(3 * MIB))
        r = dataset.rng_for("warmup", "bulk")
        vocab = dataset.Vocab("warmup")
        for i in range(bulk_mib // 8):
            with open(os.path.join(src, f"bulk-{i}.txt"), "wb") as f:
                f.write(dataset.small_content(r, vocab, ("prose", "json", "log", "code")[i % 4], 4 * MIB))
            with open(os.path.join(src, "sub", f"bulk-{i}.bin"), "wb") as f:
                f.write(r.randbytes(4 * MIB))
        env = self.hk_env(os.path.join(wd, "cache"), os.path.join(wd, "master.key"))
        run = self.ctx.r.run
        run(f"{self.name}-warmup-init", self.vault_command("init", vault), env=env)
        before_backup()
        b = run(f"{self.name}-warmup-backup", self.vault_command("backup", vault, src), env=env)
        run(f"{self.name}-warmup-backup2", self.vault_command("backup", vault, src), env=env)
        rp = last_line(b["stdout"])
        os.makedirs(os.path.join(wd, "restore"))
        run(f"{self.name}-warmup-restore", self.vault_command("restore", vault, rp, os.path.join(wd, "restore")),
            env=env)
        rmtree(wd)

    def version(self):
        return getattr(self, "_version", None)

    def before_timed(self):
        # The other engineers may change sources mid-run: rebuild untimed rather than inside a timing.
        if self.stale():
            log("hokan: sources changed during the run; rebuilding untimed")
            self.ctx.r.run(f"{self.name}-rebuild", [self.launcher, "--version"], env=self.env, timeout=3600,
                           check=False)
        d = self.digest()
        if d != self.jar_digest:
            self.rebuilt_during_run = True
            self.jar_digest = d

    def init(self):
        return self.ctx.r.run(f"{self.name}-init", [self.launcher, "vault", "init", self.repo], env=self.env)

    def backup(self, n):
        r = self.ctx.r.run(f"{self.name}-backup{n}", [self.launcher, "vault", "backup", self.repo, self.ctx.src],
                           env=self.env)
        self.rp = last_line(r["stdout"])
        if not self.rp:
            raise StepFailed("hokan backup printed no recovery point id")
        return r

    def restore(self, target):
        return self.ctx.r.run(f"{self.name}-restore", [self.launcher, "vault", "restore", self.repo, self.rp, target],
                              env=self.env)


class HokanServer(Hokan):
    """Hokan as the product runs it: backups and restores are jobs of a `hokan server` (embedded defaults, loopback,
    started once per repetition), each started with `aws backup start-backup-job`/`start-restore-job` and timed from
    that call until the job is COMPLETED, after an untimed warm-up backup and restore of another resource. Peak RSS
    is the server's for the step (its high-water mark is reset before each step), CPU its own plus the aws CLI's.

    A job ends at its CompletionDate, which the server records to the millisecond on this machine's clock: the step
    lasts from the call to that instant, and the job's state is polled only to learn that it has one. Polled every
    50 ms, as until 2026-12-06, the polls cost a warm server 1-3 ms of CPU each (its request path still compiling
    after thousands of them), 3-6% of a core taken from the job timed, and this process about 2% more."""

    ACCOUNT = "000000000000"
    REGION = "us-east-1"
    KEY_ID = "AKHKBENCHSERVER00001"
    SECRET = "hokan-bench-server-secret-0123456789abcdef"
    VAULT = "bench"
    WARM_UP_VAULT = "warmup"
    POLL_S = 0.5

    def __init__(self, name, ctx, root=REPO_ROOT):
        super().__init__(name, ctx, root)
        self.data = os.path.join(self.dir, "data")
        self.repo = os.path.join(self.data, "vaults", self.VAULT)
        self.cache = os.path.join(self.data, "cache")
        self.server = None
        self.point = None
        self.resource = None

    def fresh(self):
        rmtree(self.dir)
        os.makedirs(self.tmp)

    def prepare(self):
        r = self.ctx.r.run(f"{self.name}-version", [self.launcher, "--version"], env={"TMPDIR": self.tmp},
                           timeout=3600, check=False)
        if r["rc"] != 0 or not os.path.isfile(self.jar):
            raise StepFailed(f"hokan launcher/build failed (log: {r['log']}.err)")
        self._version = (r["stdout"].strip().splitlines() or [""])[0]
        self.record_server_session()
        self.start_server()
        self.api("PUT", f"/backup-vaults/{self.VAULT}", {})
        self.warm_up_server()

    def record_server_session(self):
        """The launcher starts a server from an AOT cache made from the record of the first server session after a
        build: its classes and the method profiles of the jobs it ran. A server that has run its nightly jobs before a
        restart has that cache; here a session of its own, in another data directory, runs the warm-up jobs and stops,
        so that the timed server starts from a cache of those jobs and not of whatever session came first."""
        target = os.path.join(self.root, "hokan-cli", "target")
        for name in os.listdir(target):
            if name.startswith("hokan-server.aot"):
                os.remove(os.path.join(target, name))
        data, self.data = self.data, os.path.join(self.dir, "recorded-session")
        try:
            self.start_server()
            self.warm_up_server()
        finally:
            self.close()
            self.data = data

    def warm_up_server(self):
        """Jobs on another resource in another vault (nothing of them deduplicates with the timed data): a backup,
        an unchanged re-backup and a restore of a tree of the benchmark's kind and size made from another seed, so
        the timed jobs find the code compiled as a server that backs such a tree up every night would. After one
        small job, the JIT compilers took a quarter of the server's CPU during the first timed small-files backup;
        after a backup of the same size, an eighth (perf, 2026-12-04)."""
        self.ctx.warm_up_dataset.ensure()
        arn = self.register("warmup", self.ctx.warm_up_dataset.dir_v1)
        self.api("PUT", f"/backup-vaults/{self.WARM_UP_VAULT}", {})
        point = None
        for _ in range(2):
            job = self.aws("start-backup-job", "--backup-vault-name", self.WARM_UP_VAULT, "--resource-arn", arn,
                           "--iam-role-arn", f"arn:aws:iam::{self.ACCOUNT}:role/hokan-backup", "--query",
                           "BackupJobId")
            point = self.wait_job("backup", job)["RecoveryPointArn"]
        target = os.path.join(self.dir, "warmup-restore")
        self.wait_job("restore", self.aws("start-restore-job", "--recovery-point-arn", point, "--metadata",
                                          f"TargetPath={target}", "--query", "RestoreJobId"))
        remove_many_files(self.ctx, target)

    def start_server(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.server_log = os.path.join(self.ctx.r.logdir, f"{self.name}-{self.ctx.rep}-server.log")
        cmd = [self.launcher, "server", "--data-dir", self.data, "--port", str(self.port), *self.server_options()]
        if self.ctx.r.nice:
            cmd = ["nice", "-n", str(self.ctx.r.nice)] + cmd
        env = dict(os.environ, TMPDIR=self.tmp, HOKAN_ROOT_ACCESS_KEY_ID=self.KEY_ID,
                   HOKAN_ROOT_SECRET_ACCESS_KEY=self.SECRET) | self.server_env()
        with open(self.server_log, "wb") as out:
            # the launcher execs java: this pid is the server's JVM
            self.server = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 300
        while True:
            with open(self.server_log, "rb") as f:
                if b"Hokan is listening on" in f.read():
                    return
            if self.server.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise StepFailed(f"hokan server did not start (log: {self.server_log})")
            time.sleep(0.2)

    def server_options(self):
        """More options of `hokan server`: the vaults stay under the data directory here."""
        return []

    def server_env(self):
        return {}

    def close(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(60)

    def before_timed(self):
        # The server keeps the classes it loaded: nothing is rebuilt under it.
        pass

    def aws_env(self):
        return dict(os.environ, AWS_ACCESS_KEY_ID=self.KEY_ID, AWS_SECRET_ACCESS_KEY=self.SECRET,
                    AWS_DEFAULT_REGION=self.REGION, AWS_PAGER="")

    def aws(self, *args):
        cmd = ["aws", "backup", *args, "--endpoint-url", self.endpoint, "--output", "text"]
        if self.ctx.r.nice:
            cmd = ["nice", "-n", str(self.ctx.r.nice)] + cmd
        p = subprocess.run(cmd, capture_output=True, text=True, env=self.aws_env())
        if p.returncode != 0:
            raise StepFailed(f"aws backup {args[0]}: exit {p.returncode}: {p.stderr.strip()[-400:]}")
        return p.stdout.strip()

    def api(self, method, path, body=None):
        """One SigV4-signed call of the server's API (service `backup`), standard library only."""
        data = b"" if body is None else json.dumps(body).encode()
        amz = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        headers = {"host": f"127.0.0.1:{self.port}", "x-amz-date": amz,
                   "x-amz-content-sha256": hashlib.sha256(data).hexdigest()}
        if body is not None:
            headers["content-type"] = "application/json"
        names = ";".join(sorted(headers))
        canonical = "\n".join([method, urllib.parse.quote(path, safe="/-_.~"), "",
                                "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), names,
                                headers["x-amz-content-sha256"]])
        scope = f"{amz[:8]}/{self.REGION}/backup/aws4_request"
        key = ("AWS4" + self.SECRET).encode()
        for part in (amz[:8], self.REGION, "backup", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.KEY_ID}/{scope}, SignedHeaders={names}, "
                                    f"Signature={hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()}")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=data or None, headers=headers)
            resp = conn.getresponse()
            text = resp.read().decode()
        finally:
            conn.close()
        if resp.status >= 300:
            raise StepFailed(f"{method} {path}: HTTP {resp.status}: {text[:400]}")
        return json.loads(text) if text else {}

    def register(self, name, path):
        return self.api("POST", "/hokan/v1/resources",
                        {"ResourceType": "Directory", "ResourceName": name, "Path": path})["ResourceArn"]

    def wait_job(self, kind, job):
        path, field = (f"/backup-jobs/{job}", "State") if kind == "backup" else (f"/restore-jobs/{job}", "Status")
        while True:
            d = self.api("GET", path)
            if d.get(field) == "COMPLETED":
                return d
            if d.get(field) not in ("CREATED", "PENDING", "RUNNING"):
                raise StepFailed(f"{kind} job {job} ended {d.get(field)}: {d.get('StatusMessage')}")
            time.sleep(self.POLL_S)

    def init(self):
        t0 = time.monotonic()
        self.resource = self.register("bench", self.ctx.src)
        return {"cmd": ["POST /hokan/v1/resources"], "rc": 0, "seconds": round(time.monotonic() - t0, 3)}

    def timed_job(self, name, kind, start_args):
        """Starts a job with the aws CLI and waits for COMPLETED: the step's figures, as Runner.run gives them."""
        pid = self.server.pid
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")  # resets the peak RSS (VmHWM) to the current RSS
        except OSError:
            pass
        load = os.getloadavg()[0]
        cpu0, own0, kids0 = cpu_busy_seconds(), process_cpu_seconds(pid), children_cpu_seconds()
        called, t0 = time.time(), time.monotonic()
        try:
            job = self.aws(*start_args)
            d = self.wait_job(kind, job)
            rc = 0
        except StepFailed as e:
            d, rc, failure = {}, 1, e
        noticed = time.monotonic() - t0
        secs = d["CompletionDate"] - called if rc == 0 else noticed
        own = process_cpu_seconds(pid) - own0 + children_cpu_seconds() - kids0
        res = {"cmd": ["aws", "backup"] + list(start_args), "rc": rc, "seconds": round(secs, 3),
               "noticed_seconds": round(noticed, 3),
               "max_rss_kib": peak_rss_kib(pid), "user_s": None, "sys_s": None, "cpu_s": round(own, 2),
               "loadavg1_before": round(load, 2), "other_cpu_s": round(max(0.0, cpu_busy_seconds() - cpu0 - own), 2),
               "job": {k: d.get(k) for k in ("CreationDate", "CompletionDate", "BackupSizeInBytes",
                                              "RecoveryPointArn", "StatusMessage") if k in d},
               # the server's own account of the job, without the aws CLI's start or the wait to notice the end
               "job_seconds": round(d["CompletionDate"] - d["CreationDate"], 3) if rc == 0 else None,
               "log": self.server_log, "stdout": ""}
        if rc:
            raise failure
        return res

    def backup(self, n):
        r = self.timed_job(f"{self.name}-backup{n}", "backup",
                           ("start-backup-job", "--backup-vault-name", self.VAULT, "--resource-arn", self.resource,
                            "--iam-role-arn", f"arn:aws:iam::{self.ACCOUNT}:role/hokan-backup",
                            "--query", "BackupJobId"))
        self.point = r["job"]["RecoveryPointArn"]
        return r

    def restore(self, target):
        return self.timed_job(f"{self.name}-restore", "restore",
                              ("start-restore-job", "--recovery-point-arn", self.point, "--metadata",
                               f"TargetPath={target}", "--query", "RestoreJobId"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_cpu_seconds(pid):
    """User and system CPU seconds of a running process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def children_cpu_seconds():
    r = os.times()
    return r.children_user + r.children_system


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def last_line(text):
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------------------------------
class Ctx:
    pass


def populate(ctx, version_dir):
    """Makes the source an exact copy of a dataset version; rsync rewrites only the files that differ."""
    os.makedirs(ctx.src, exist_ok=True)
    p = subprocess.run(["rsync", "-aH", "--delete", "--itemize-changes", version_dir + "/", ctx.src + "/"],
                       check=True, capture_output=True, text=True)
    # Switching between dataset sizes deletes thousands of files.
    if sum(line.startswith("*deleting") for line in p.stdout.splitlines()) >= 1000:
        note_mass_deletion(ctx)
    warm_cache(ctx.src)
    os.sync()


def verify_restore(ctx, root):
    p = subprocess.run(["diff", "-rq", "--no-dereference", ctx.src, root], capture_output=True, text=True)
    ok = p.returncode == 0
    mtime_mismatch = 0
    if ok:
        for dp, _, fns in os.walk(ctx.src):
            for fn in fns:
                a = os.path.join(dp, fn)
                b = os.path.join(root, os.path.relpath(a, ctx.src))
                if not os.path.islink(a) and int(os.stat(a).st_mtime) != int(os.stat(b).st_mtime):
                    mtime_mismatch += 1
    return {"identical": ok, "diff": (p.stdout + p.stderr).splitlines()[:20], "mtime_mismatches": mtime_mismatch}


def settle(ctx, tool, creates_files=False):
    """Untimed preparation right before a timed step. The source and everything the tool keeps (repository, cache, its
    S3 service's files) are read again last: this machine pages out what nobody touched for a minute (README.md, "Page
    cache paged out after a minute"), which the waits here would have let happen; steps are timed with the cache warm."""
    tool.before_timed()
    os.sync()
    prep = {}
    if creates_files:
        prep["deletion_wait_s"] = round(wait_past_deletions(ctx), 1)
        os.sync()
    busy, waited = wait_idle(ctx.idle_wait)
    started = time.monotonic()
    warm_cache(ctx.src)
    warm_cache(tool.dir)
    return prep | {"busy_cores_before": round(busy, 2), "idle_wait_s": round(waited, 1),
                   "cache_warming_s": round(time.monotonic() - started, 1)}


def bench_tool(ctx, tool):
    res = {"status": "running", "steps": {}}
    try:
        tool.fresh()
        tool.prepare()
        res["version"] = tool.version()
        log(f"{tool.name}: preparing source (v1)")
        populate(ctx, ctx.v1)
        res["steps"]["init"] = tool.init()
        for n, label in ((1, "first_backup"), (2, "unchanged_backup")):
            pre = settle(ctx, tool)
            log(f"{tool.name}: {label}")
            res["steps"][label] = tool.backup(n) | pre
            log(f"{tool.name}: {label} took {res['steps'][label]['seconds']:.2f}s")
            if n == 1:
                os.sync()
                res["repo_bytes_after_first"] = tree_bytes(tool.repo)
        log(f"{tool.name}: applying mutation (rsync v2 into the source)")
        populate(ctx, ctx.v2)
        pre = settle(ctx, tool)
        log(f"{tool.name}: mutation_backup")
        res["steps"]["mutation_backup"] = tool.backup(3) | pre
        log(f"{tool.name}: mutation_backup took {res['steps']['mutation_backup']['seconds']:.2f}s")
        os.sync()
        res["repo_bytes"] = tree_bytes(tool.repo)
        res["cache_bytes"] = tree_bytes(tool.cache)
        # Kept until the run's last restore is done (see remove_many_files).
        target = os.path.join(ctx.restores, f"{tool.name}-{ctx.rep}")
        os.makedirs(target)
        pre = settle(ctx, tool, creates_files=True)
        log(f"{tool.name}: restore")
        res["steps"]["restore"] = tool.restore(target) | pre
        log(f"{tool.name}: restore took {res['steps']['restore']['seconds']:.2f}s; verifying (untimed)")
        check_restore(ctx, tool, target, res)
    except Exception as e:  # keep benchmarking the other tools
        failed(tool, res, e)
    finally:
        tool.close()
    if isinstance(tool, Hokan) and tool.rebuilt_during_run:
        res["warning"] = "hokan.jar changed during the run (sources were edited); figures mix builds"
    for s in res["steps"].values():
        s.pop("stdout", None)
    res["metrics"] = metrics(ctx, res)
    if ctx.clean:
        rmtree(tool.dir)
    return res


def check_restore(ctx, tool, target, res):
    """Compares the restore in `target` with the source (untimed) and sets the run's status."""
    res["verify"] = verify_restore(ctx, tool.restored_root(target))
    if not res["verify"]["identical"]:
        log(f"{tool.name}: RESTORE MISMATCH: {res['verify']['diff'][:5]}")
    res["status"] = "ok" if res["verify"]["identical"] else "restore-mismatch"


def failed(tool, res, e):
    """Marks the run failed, saying why; the other tools are measured all the same."""
    res["status"] = "failed"
    res["error"] = str(e) if isinstance(e, StepFailed) else f"{type(e).__name__}: {e}"
    log(f"{tool.name}: FAILED: {res['error']}")


BEST_MAX = ("first_backup_mib_s", "restore_mib_s")
BEST_MIN = ("unchanged_backup_s", "mutation_backup_s")


def aggregate(runs):
    """Combine repetitions: best time/throughput, median RSS, last repository size."""
    ok = [r for r in runs if r["status"] == "ok"]
    bad = [r for r in runs if r["status"] != "ok"]
    out = {"status": bad[0]["status"] if bad else "ok", "repetitions": len(runs), "runs": runs}
    for r in bad[:1]:
        if r.get("error"):
            out["error"] = r["error"]
    warnings = sorted({r["warning"] for r in runs if r.get("warning")})
    if warnings:
        out["warning"] = "; ".join(warnings)
    out["version"] = next((r.get("version") for r in runs if r.get("version")), None)
    use = ok or runs[-1:]
    m = {}
    for key in sorted({k for r in use for k in r["metrics"]}):
        vals = [r["metrics"][key] for r in use if key in r["metrics"]]
        if key in BEST_MAX:
            m[key] = max(vals)
        elif key in BEST_MIN:
            m[key] = min(vals)
        elif key == "repo_bytes":
            m[key] = vals[-1]
        else:
            m[key] = statistics.median(vals)
    out["metrics"] = m
    return out


def metrics(ctx, res):
    st = res["steps"]
    m = {}
    if "first_backup" in st:
        m["first_backup_mib_s"] = ctx.v1_bytes / MIB / st["first_backup"]["seconds"]
    if "unchanged_backup" in st:
        m["unchanged_backup_s"] = st["unchanged_backup"]["seconds"]
    if "mutation_backup" in st:
        m["mutation_backup_s"] = st["mutation_backup"]["seconds"]
    if "restore" in st:
        m["restore_mib_s"] = ctx.v2_bytes / MIB / st["restore"]["seconds"]
    if "repo_bytes" in res:
        m["repo_bytes"] = res["repo_bytes"]
    rss_b = [st[k]["max_rss_kib"] for k in ("first_backup", "unchanged_backup", "mutation_backup")
             if k in st and st[k].get("max_rss_kib")]
    if rss_b:
        m["backup_rss_mib"] = max(rss_b) / 1024
    if "restore" in st and st["restore"].get("max_rss_kib"):
        m["restore_rss_mib"] = st["restore"]["max_rss_kib"] / 1024
    peaks = [v for k, v in m.items() if k.endswith("_rss_mib")]
    if peaks:
        m["peak_rss_mib"] = max(peaks)
    return m


# ---------------------------------------------------------------------------------------
# Comparison against the targets.

TARGETS = [
    # key, label, direction, threshold, reference ("faster" peer, or fixed peers)
    ("first_backup_mib_s", "first backup throughput", "higher", 2.0, "faster"),
    ("unchanged_backup_s", "unchanged re-backup time", "lower", 1.0, "faster"),
    ("mutation_backup_s", "backup after mutation time", "lower", 0.5, "faster"),
    ("restore_mib_s", "restore throughput", "higher", 2.0, "faster"),
    ("repo_bytes", "repository size", "lower", 1.0, ("restic", "borg-zstd3")),
    ("peak_rss_mib", "peak RSS", "lower", 1.0, ("restic",)),
]


def hokan_row(results):
    """The Hokan row the targets are checked on: the vault command's, or the server's when only it ran."""
    return "hokan" if "hokan" in results or SERVER not in results else SERVER


def compare(results):
    hokan = hokan_row(results)
    h = results.get(hokan, {}).get("metrics", {})
    peers = {p: results[p]["metrics"] for p in PEERS
             if p in results and results[p]["status"] in ("ok", "ref")}
    out = {"per_peer": {}, "targets": []}
    for p, pm in peers.items():
        out["per_peer"][p] = {k: (h[k] / pm[k]) for k in h if k in pm and pm[k]}
    for key, label, direction, thr, ref in TARGETS:
        cands = {p: pm[key] for p, pm in peers.items() if key in pm and (ref == "faster" or p in ref)}
        row = {"metric": key, "label": label, "direction": direction, "threshold": thr}
        if not cands or key not in h or results.get(hokan, {}).get("status") != "ok":
            row.update({"result": "N/A"})
            out["targets"].append(row)
            continue
        best = max(cands, key=cands.get) if direction == "higher" else min(cands, key=cands.get)
        ratio = h[key] / cands[best]
        ok = ratio >= thr if direction == "higher" else ratio <= thr
        row.update({"reference": best, "reference_value": cands[best], "hokan_value": h[key], "ratio": ratio,
                    "result": "PASS" if ok else "FAIL"})
        out["targets"].append(row)
    return out


NEW_VS_OLD = [
    # key, label, better when the ratio new/old is
    ("first_backup_mib_s", "first backup MiB/s", "higher"),
    ("unchanged_backup_s", "unchanged re-backup s", "lower"),
    ("mutation_backup_s", "backup after mutation s", "lower"),
    ("restore_mib_s", "restore MiB/s", "higher"),
    ("repo_bytes", "repository MiB", "lower"),
    ("peak_rss_mib", "peak RSS MiB", "lower"),
]


def compare_old(results):
    """Each metric of the current build divided by the same metric of the old build measured in this run."""
    current, earlier = next(((c, e) for c, e in BUILD_PAIRS if e in results), ("hokan", OLD))
    new, old = results.get(current, {}), results.get(earlier, {})
    if new.get("status") != "ok" or old.get("status") != "ok":
        return None
    rows = []
    for key, label, better in NEW_VS_OLD:
        if key in new["metrics"] and old["metrics"].get(key):
            rows.append({"metric": key, "label": label, "better": better, "new": new["metrics"][key],
                         "old": old["metrics"][key], "ratio": new["metrics"][key] / old["metrics"][key]})
    return rows


def print_old_comparison(ctx, rows):
    print()
    print(f"Hokan (this tree) against Hokan built from {ctx.old_commit[:12]} in this run, new/old:")
    for row in rows:
        scale = MIB if row["metric"] == "repo_bytes" else 1
        print(f"  {row['label']:<25} {row['new'] / scale:9.2f} / {row['old'] / scale:9.2f} = {row['ratio']:6.3f}  "
              f"({row['better']} is better)")


def fmt(v, spec):
    if v is None:
        width = "".join(ch for ch in spec.split(".")[0] if ch.isdigit())
        return "-".rjust(int(width) if width else 1)
    return format(v, spec)


def print_report(ctx, results, comp):
    print()
    print(f"Dataset: v1 {ctx.v1_files} files, {ctx.v1_bytes / MIB:.0f} MiB; v2 {ctx.v2_files} files, "
          f"{ctx.v2_bytes / MIB:.0f} MiB ({ctx.dataset_label}, seed {ctx.seed})")
    if ctx.repeat > 1:
        print(f"Best of {ctx.repeat} repetitions for times and throughputs, median for RSS.")
    print("MiB/s are MiB of source data (v1 for backup, v2 for restore) per wall-clock second; "
          "repo = repository after 3 backups; RSS = /usr/bin/time -v maximum resident set size.")
    hdr = (f"{'tool':<11} {'status':<9} {'1st backup':>11} {'unchanged':>10} {'mutation':>9} {'restore':>9} "
           f"{'repo':>9} {'RSS bkp':>8} {'RSS rst':>8} {'RSS peak':>8}")
    print(hdr)
    print(f"{'':<11} {'':<9} {'MiB/s':>11} {'s':>10} {'s':>9} {'MiB/s':>9} {'MiB':>9} {'MiB':>8} {'MiB':>8} "
          f"{'MiB':>8}")
    print("-" * len(hdr))
    for t in ctx.tools:
        r = results[t]
        m = r["metrics"]
        repo = m.get("repo_bytes")
        print(f"{t:<11} {r['status']:<9} {fmt(m.get('first_backup_mib_s'), '11.1f')} "
              f"{fmt(m.get('unchanged_backup_s'), '10.2f')} {fmt(m.get('mutation_backup_s'), '9.2f')} "
              f"{fmt(m.get('restore_mib_s'), '9.1f')} {fmt(repo / MIB if repo else None, '9.1f')} "
              f"{fmt(m.get('backup_rss_mib'), '8.0f')} {fmt(m.get('restore_rss_mib'), '8.0f')} "
              f"{fmt(m.get('peak_rss_mib'), '8.0f')}")
    noisy = []
    for t in ctx.tools:
        for i, run in enumerate(results[t]["runs"]):
            rep = f" #{i + 1}" if len(results[t]["runs"]) > 1 else ""
            for k, st in run["steps"].items():
                if k != "init" and st.get("other_cpu_s", 0) > 0.25 * st["seconds"] + 0.2:
                    noisy.append(f"{t}{rep} {k} ({st['other_cpu_s']:.1f} CPU-s of other processes in "
                                 f"{st['seconds']:.1f}s)")
    if noisy:
        print("NOTE: other processes used the CPU during these steps (figures may be pessimistic):")
        for line in noisy:
            print("  " + line)
    for t in ctx.tools:
        if results[t].get("error"):
            print(f"  {t}: {results[t]['error']}")
        if results[t].get("warning"):
            print(f"  {t}: WARNING: {results[t]['warning']}")
    if ctx.old_rows:
        print_old_comparison(ctx, ctx.old_rows)
    hokan = hokan_row(results)
    if hokan not in results:
        return
    print()
    if comp["per_peer"] and results[hokan]["status"] == "ok":
        print("Hokan relative to each peer (>1 means Hokan is better for speed; <1 is better for size/RSS):")
        print(f"{'peer':<11} {'1st backup':>11} {'unchanged':>10} {'mutation':>9} {'restore':>9} {'repo':>8} "
              f"{'RSS peak':>9}")
        for p, pr in comp["per_peer"].items():
            def sp(k, inverse):
                v = pr.get(k)
                if v is None:
                    return None
                return (1 / v) if inverse and v else v
            print(f"{p:<11} {fmt(sp('first_backup_mib_s', False), '10.2f')}x "
                  f"{fmt(sp('unchanged_backup_s', True), '9.2f')}x {fmt(sp('mutation_backup_s', True), '8.2f')}x "
                  f"{fmt(sp('restore_mib_s', False), '8.2f')}x {fmt(sp('repo_bytes', False), '7.2f')}x "
                  f"{fmt(sp('peak_rss_mib', False), '8.2f')}x")
        print("  (speed columns: peer time / Hokan time, Hokan throughput / peer throughput; "
              "repo and RSS: Hokan / peer)")
        print()
    if any(results[t]["status"] == "ref" for t in results):
        print("Targets (Hokan against the best peer; 'ref' rows come from an earlier run):")
    else:
        print("Targets (Hokan against the best peer measured in this run):")
    for row in comp["targets"]:
        if row["result"] == "N/A":
            print(f"  {row['label']:<28} N/A")
            continue
        want = (f">= {row['threshold']:g}x" if row["direction"] == "higher" else f"<= {row['threshold']:g}x")
        print(f"  {row['label']:<28} Hokan/{row['reference']:<10} = {row['ratio']:6.3f}  (want {want:<8}) "
              f"{row['result']}")


# ---------------------------------------------------------------------------------------
def ensure_packages(tools, allow_install):
    need = {}
    if not os.path.exists("/usr/bin/time"):
        need["time"] = "/usr/bin/time"
    for exe, pkg in (("rsync", "rsync"), ("diff", "diffutils")):
        if not shutil.which(exe):
            need[pkg] = exe
    if "restic" in tools and not shutil.which("restic"):
        need["restic"] = "restic"
    if any(t.startswith("borg") for t in tools) and not shutil.which("borg"):
        need["borgbackup"] = "borg"
    if not need:
        return
    if not allow_install:
        sys.exit(f"store-bench: missing {', '.join(need)} (install them, or drop --no-install)")
    if os.geteuid() != 0:
        sys.exit(f"store-bench: missing {', '.join(need)}; run as root or install them with apt-get")
    log(f"installing {' '.join(need)} with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq"] + sorted(need), check=True, env=env)


def add_common_arguments(ap, tools, default_repeat):
    """The options store-bench and s3-bench share."""
    ap.add_argument("--tools", default=os.environ.get("BENCH_TOOLS", ",".join(tools)),
                    help="comma-separated subset of " + ",".join(tools) + " (default: all)")
    ap.add_argument("--size-mib", type=int, default=int(os.environ.get("BENCH_SIZE_MIB", "2048")),
                    help="dataset size in MiB (default 2048, env BENCH_SIZE_MIB)")
    ap.add_argument("--seed", default=os.environ.get("BENCH_SEED", "hokan-bench-1"))
    ap.add_argument("--work-dir", default=os.environ.get("BENCH_WORK_DIR", os.path.join(BENCH_DIR, "work")),
                    help="where datasets, repositories, logs and results go (env BENCH_WORK_DIR)")
    ap.add_argument("--clean", action="store_true", help="delete each tool's repository after measuring it")
    ap.add_argument("--no-install", action="store_true", help="never apt-get install missing tools")
    ap.add_argument("--timeout", type=int, default=7200, help="per-command timeout in seconds")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", str(default_repeat))),
                    help="run every tool's sequence N times (interleaved) and keep the best time and "
                         f"throughput of each metric (default {default_repeat}, env BENCH_REPEAT)")
    ap.add_argument("--nice", type=int,
                    default=int(os.environ.get("BENCH_NICE", "-10" if os.geteuid() == 0 else "0")),
                    help="niceness of every measured command, so that other work on a shared machine "
                         "disturbs the timings less (default -10 as root, else 0; env BENCH_NICE)")
    ap.add_argument("--idle-wait", type=int, default=int(os.environ.get("BENCH_IDLE_WAIT", "60")),
                    help="before each timed step, wait up to this many seconds while other processes "
                         "use more than half a core (default 60, 0 disables; env BENCH_IDLE_WAIT)")


def main():
    ap = argparse.ArgumentParser(prog="store-bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common_arguments(ap, [t for t in ALL_TOOLS if t != SERVER], default_repeat=1)
    ap.add_argument("--server", action="store_true", default=os.environ.get("BENCH_SERVER") == "1",
                    help="server mode: Hokan's backups and restores run as jobs of a running `hokan server`, "
                         "started with the aws CLI (the tool hokan-server in place of hokan; env BENCH_SERVER=1)")
    ap.add_argument("--dataset", choices=("mixed", "small-files"), default=os.environ.get("BENCH_DATASET", "mixed"),
                    help="mixed (default: --size-mib of small, large and database-like files) or small-files "
                         "(--files files of a few KiB in deep directories; env BENCH_DATASET)")
    ap.add_argument("--files", type=int, default=int(os.environ.get("BENCH_FILES", "46000")),
                    help="number of files of the small-files dataset (default 46000, env BENCH_FILES)")
    ap.add_argument("--regen", action="store_true", help="regenerate the dataset even if cached")
    ap.add_argument("--gen-only", action="store_true", help="only generate the dataset")
    ap.add_argument("--compare-with", metavar="RESULTS_JSON",
                    help="take the figures of peers not in --tools from an earlier results file of the "
                         "same dataset (marked 'ref'; the targets are meant for peers of the same run)")
    ap.add_argument("--old", metavar="COMMIT", default=os.environ.get("BENCH_OLD"),
                    help="also measure Hokan built from this commit (extracted with git archive into the work "
                         "directory, built there) and report the current build's figures divided by its (env BENCH_OLD)")
    a = ap.parse_args()

    tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    bad = [t for t in tools if t not in ALL_TOOLS]
    if bad:
        sys.exit(f"store-bench: unknown tool(s) {bad}; choose from {ALL_TOOLS}")
    if a.server:
        tools = [SERVER if t == "hokan" else t for t in tools]
    tools = [t for t in ALL_TOOLS if t in tools]
    if a.old:
        current = SERVER if a.server else "hokan"
        if current not in tools:
            sys.exit("store-bench: --old compares with the current build: keep hokan in --tools")
        tools.insert(tools.index(current) + 1, dict(BUILD_PAIRS)[current])

    work = os.path.abspath(a.work_dir)
    os.makedirs(work, exist_ok=True)
    lock = lock_work_dir(work)  # noqa: F841 (held until exit)
    ensure_packages(tools if not a.gen_only else [], not a.no_install)

    if a.dataset == "small-files":
        gen = dataset.SmallFilesGenerator(os.path.join(work, "datasets", f"files{a.files}-{a.seed}"), a.files, a.seed,
                                          log=log)
        warm_up = dataset.SmallFilesGenerator(os.path.join(work, "datasets", f"files{a.files}-server-warmup"), a.files,
                                              "server-warmup", log=log)
    else:
        gen = dataset.Generator(os.path.join(work, "datasets", f"s{a.size_mib}-{a.seed}"), a.size_mib, a.seed, log=log)
        warm_up = dataset.Generator(os.path.join(work, "datasets", f"s{a.size_mib}-server-warmup"), a.size_mib,
                                    "server-warmup", log=log)
    marker = gen.ensure(force=a.regen)
    if a.gen_only:
        print(json.dumps(marker, indent=2))
        return
    refs = load_reference(a.compare_with, marker, tools) if a.compare_with else {}

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    ctx = Ctx()
    ctx.work = work
    ctx.tools = list(tools)
    ctx.size_mib = a.size_mib
    ctx.dataset_label = (f"small-files dataset of {a.files} files" if a.dataset == "small-files"
                         else f"size parameter {a.size_mib} MiB")
    ctx.top_entries = gen.TOP_ENTRIES
    ctx.warm_up_dataset = warm_up  # generated when a server first needs it
    ctx.seed = a.seed
    ctx.clean = a.clean
    ctx.idle_wait = a.idle_wait
    ctx.repeat = max(1, a.repeat)
    ctx.v1, ctx.v2 = gen.dir_v1, gen.dir_v2
    ctx.v1_bytes, ctx.v1_files = marker["v1"]["bytes"], marker["v1"]["files"]
    ctx.v2_bytes, ctx.v2_files = marker["v2"]["bytes"], marker["v2"]["files"]
    ctx.src = os.path.join(work, "src")
    ctx.restores = os.path.join(work, "restores")
    remove_many_files(ctx, ctx.restores)  # left by an interrupted run
    logdir = os.path.join(work, "logs", stamp)
    os.makedirs(logdir)
    if a.nice < 0 and os.geteuid() != 0:
        sys.exit("store-bench: a negative --nice needs root")
    ctx.r = Runner(work, logdir, a.timeout, a.nice)
    ctx.old_commit, ctx.old_root = old_sources(work, a.old) if a.old else (None, None)

    runs = {t: [] for t in tools}
    for rep in range(1, ctx.repeat + 1):
        ctx.rep = rep
        # the old build goes first in every other repetition: neither build always follows the other
        for t in (swap_builds(tools) if rep % 2 == 0 else tools):
            if t == "hokan":
                tool = Hokan(t, ctx)
            elif t == SERVER:
                tool = HokanServer(t, ctx)
            elif t == OLD:
                tool = Hokan(t, ctx, ctx.old_root)
            elif t == OLD_SERVER:
                tool = HokanServer(t, ctx, ctx.old_root)
            elif t == "restic":
                tool = Restic(t, ctx)
            else:
                tool = Borg(t, ctx, "lz4" if t == "borg-lz4" else "zstd,3")
            log(f"=== {t}" + (f" (repetition {rep}/{ctx.repeat})" if ctx.repeat > 1 else "") + " ===")
            runs[t].append(bench_tool(ctx, tool))
    remove_many_files(ctx, ctx.restores)
    results = {t: aggregate(runs[t]) for t in tools}

    if refs:
        for p, entry in refs.items():
            results[p] = entry
            ctx.tools.append(p)
            log(f"{p}: figures taken from {a.compare_with} (not measured in this run)")
    comp = compare(results)
    ctx.old_rows = compare_old(results) if a.old else None
    if ctx.old_rows:
        comp["new_vs_old"] = {"commit": ctx.old_commit, "rows": ctx.old_rows}
    print_report(ctx, results, comp)
    out = {
        "timestamp": stamp,
        "host": host(),
        "params": {"dataset": a.dataset, "size_mib": a.size_mib, "files": a.files, "seed": a.seed, "tools": tools, "work_dir": work,
                   "compare_with": a.compare_with, "old": ctx.old_commit,
                   "repeat": ctx.repeat, "idle_wait": ctx.idle_wait, "nice": a.nice},
        "dataset": marker,
        "notes": "source and restore in page cache (warm-up read before each tool; sync before each timed "
                 "step); each tool starts with an empty repository and empty caches; MiB/s use v1 bytes "
                 "for the first backup and v2 bytes for the restore",
        "tools": results,
        "comparison": comp,
        "logs": logdir,
    }
    write_results(os.path.join(work, f"results-{stamp}.json"), out)


def host():
    return {"nproc": os.cpu_count(), "kernel": platform.release(), "mem_total_kib": meminfo_total(),
            "python": platform.python_version()}


def write_results(path, out):
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
    print(f"\nresults: {path}\nlogs:    {out['logs']}")


def swap_builds(tools):
    pair = next((p for p in BUILD_PAIRS if p[1] in tools), None)
    if pair is None:
        return tools
    order = list(tools)
    i, j = order.index(pair[0]), order.index(pair[1])
    order[i], order[j] = order[j], order[i]
    return order


def old_sources(work, commit):
    """The repository's tree at `commit`, extracted once under the work directory (nothing goes into the repository);
    its own launcher builds it when the tool is prepared, untimed."""
    sha = subprocess.run(["git", "-C", REPO_ROOT, "rev-parse", "--verify", commit + "^{commit}"],
                         capture_output=True, text=True)
    if sha.returncode != 0:
        sys.exit(f"store-bench: --old {commit}: not a commit of {REPO_ROOT}")
    sha = sha.stdout.strip()
    root = os.path.join(work, "builds", sha)
    if not os.path.isfile(os.path.join(root, "hokan")):
        partial = root + ".partial"
        rmtree(partial)
        os.makedirs(partial)
        log(f"extracting {sha[:12]} into {root}")
        archive = subprocess.Popen(["git", "-C", REPO_ROOT, "archive", sha], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", partial], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            sys.exit(f"store-bench: git archive {sha} failed")
        os.rename(partial, root)
    return sha, root


def load_reference(path, marker, measured):
    """Peer figures from an earlier results file, for peers not measured in this run."""
    with open(path) as f:
        ref = json.load(f)
    if ref.get("dataset", {}).get("params") != marker["params"]:
        sys.exit(f"store-bench: {path} was measured on another dataset "
                 f"({ref.get('dataset', {}).get('params')}), not {marker['params']}")
    out = {}
    for p in PEERS:
        e = ref.get("tools", {}).get(p)
        if p not in measured and e and e.get("status") == "ok":
            out[p] = dict(e, status="ref", reference_file=os.path.abspath(path))
    return out


def lock_work_dir(work):
    """Two runs in one work directory would delete each other's source and repositories."""
    f = open(os.path.join(work, ".lock"), "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        holder = f.read().strip() or "?"
        sys.exit(f"store-bench: another run (pid {holder}) is using {work}; wait for it to finish "
                 f"or use another --work-dir")
    f.seek(0)
    f.truncate()
    f.write(f"{os.getpid()}\n")
    f.flush()
    return f


def meminfo_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1])
    except OSError:
        return None


if __name__ == "__main__":
    main()
