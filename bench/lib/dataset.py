"""Deterministic benchmark dataset for the Hokan storage-engine benchmark.

Builds two trees from a seed and a size:

  v1  the initial data set:
        small/   many small compressible files (prose, JSON, source code, CSV/log)
        media/   a few large incompressible files
        db/      a database-like file of 8 KiB pages, many of them repeated
        copies/  byte-identical copies of other files (whole directories and a large file)
  v2  v1 after a mutation: 1% of the files rewritten, appends, small insertions inside
      a large incompressible file and inside the database file, deletions and additions.

v2 is built as a hard-linked copy of v1 (cp -al) in which every changed file is replaced
by a new file (write to a temporary name, then rename), so v1 is never modified.
Every file and directory gets a deterministic mtime; changed files (and directories whose
entries changed) get later mtimes, everything else keeps its v1 mtime and, being a hard link,
its v1 content.

Only the Python 3.11 standard library is used. Everything derives from random.Random
instances seeded with strings, so the same (seed, size) gives byte-identical trees.
"""

import array
import json
import os
import random
import shutil
import subprocess
import time
import zlib

GENERATOR_VERSION = 4

MIB = 1 << 20
PAGE = 8192
BASE_MTIME = 1_700_000_000        # 2023-11-14, fixed so the dataset is fully deterministic
MUTATION_MTIME = BASE_MTIME + 30 * 86400

# Share of the total size for each part of v1.
SMALL_SHARE = 0.30
LARGE_SHARE = 0.40
DB_SHARE = 0.20
DUP_SHARE = 0.10
# 20,000 small files at the full 2 GiB size; scales linearly with the size.
SMALL_FILES_PER_MIB = 20000 / 2048
FILES_PER_DIR = 40
LARGE_SHARES = [0.35, 0.25, 0.20, 0.12, 0.08]


def rng_for(seed, *names):
    return random.Random(":".join([str(seed)] + [str(n) for n in names]))


# ---------------------------------------------------------------------------------------
# Token tables: 65,536-entry tables of byte strings, indexed with random 16-bit values.
# Frequent words occupy many slots (Zipf-like), so text compresses like real text.

SYLLABLES = ["ka", "to", "re", "mi", "sa", "lo", "ne", "ri", "da", "vu", "pe", "shi", "an", "or",
             "el", "in", "ta", "mo", "be", "gu", "fi", "ya", "zo", "ch", "st", "tr", "qu", "on",
             "er", "us", "ix", "al", "om", "ph", "th", "wi"]


class Vocab:
    def __init__(self, seed):
        r = rng_for(seed, "vocab")
        words = set()
        out = []
        while len(out) < 6000:
            n = r.choice((1, 2, 2, 2, 3, 3, 4))
            w = "".join(r.choice(SYLLABLES) for _ in range(n))
            if w not in words:
                words.add(w)
                out.append(w)
        self.words = out
        weights = [1.0 / (i + 1) ** 1.05 for i in range(len(out))]
        self.prose = self._table(r, [w.encode() for w in out], weights,
                                 [(b" ", 0.84), (b", ", 0.07), (b". ", 0.05), (b".\n", 0.035),
                                  (b".\n\n", 0.005)])
        idents = [self._ident(r) for _ in range(3000)]
        self.idents = idents
        code_tokens = ([i.encode() for i in idents] +
                       [t.encode() for t in ("if (", "for (", "while (", "return ", "int ", "final ",
                                              "String ", "var ", "new ", "this.", "null", "0", "1",
                                              "true", "false", " = ", " == ", " != ", " + ", " < ",
                                              "++", "(", ")", ") {", "}", ";", ", ", ".", "[", "]",
                                              "// TODO ", "/* ", " */", "\"", "public ", "private ",
                                              "static ", "void ", "class ", "import ", "throw ")])
        cw = [1.0 / (i + 1) ** 0.9 for i in range(len(idents))]
        cw += [40.0 / (i + 1) ** 0.5 for i in range(len(code_tokens) - len(idents))]
        self.code = self._table(r, code_tokens, cw,
                                [(b"", 0.55), (b" ", 0.25), (b"\n    ", 0.08),
                                 (b"\n        ", 0.07), (b"\n", 0.04), (b"\n\n", 0.01)])

    @staticmethod
    def _ident(r):
        n = r.choice((1, 2, 2, 3))
        parts = ["".join(r.choice(SYLLABLES) for _ in range(r.choice((1, 2, 2, 3)))) for _ in range(n)]
        return parts[0] + "".join(p.capitalize() for p in parts[1:])

    @staticmethod
    def _table(r, tokens, weights, suffixes):
        total = sum(weights)
        slots = []
        for tok, w in zip(tokens, weights):
            slots.extend([tok] * max(1, round(w / total * 65536)))
        r.shuffle(slots)
        slots = (slots * 2)[:65536] if len(slots) < 65536 else slots[:65536]
        sfx = [s for s, _ in suffixes]
        sw = [w for _, w in suffixes]
        chosen = r.choices(sfx, weights=sw, k=65536)
        return [t + s for t, s in zip(slots, chosen)]


def token_text(r, table, size):
    """About `size` bytes drawn from a token table (exactly `size` bytes)."""
    if size <= 0:
        return b""
    avg = 7
    parts = []
    have = 0
    while have < size:
        n = max(16, (size - have) // avg + 8)
        idx = array.array("H", r.randbytes(2 * n))
        chunk = b"".join(map(table.__getitem__, idx))
        parts.append(chunk)
        have += len(chunk)
    return b"".join(parts)[:size]


def json_text(r, vocab, size):
    words = vocab.words
    out = [b"[\n"]
    have = 2
    while have < size:
        rec = ('  {"id": %d, "name": "%s %s", "email": "%s@%s.example", "score": %.3f, '
               '"active": %s, "tags": ["%s", "%s"], "created": "2023-%02d-%02dT%02d:%02d:%02dZ"},\n' % (
                   r.getrandbits(31), words[int(r.paretovariate(1.2)) % 6000],
                   words[r.getrandbits(12)], words[r.getrandbits(10)], words[r.getrandbits(8)],
                   r.random() * 1000, "true" if r.getrandbits(1) else "false",
                   words[int(r.paretovariate(1.0)) % 6000], words[r.getrandbits(7)],
                   1 + r.getrandbits(3), 1 + r.getrandbits(4), r.getrandbits(4), r.getrandbits(5),
                   r.getrandbits(5))).encode()
        out.append(rec)
        have += len(rec)
    return (b"".join(out))[:max(0, size - 2)] + b"]\n"


def log_text(r, vocab, size, start=None):
    words = vocab.words
    t = start if start is not None else 1_690_000_000 + r.getrandbits(24)
    levels = ("INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR")
    comps = vocab.idents[:40]
    out = []
    have = 0
    while have < size:
        t += r.getrandbits(3)
        tm = time.gmtime(t)
        line = ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s [%s] %s %s %s id=%d took=%dms\n" % (
            tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, r.getrandbits(9) % 1000,
            r.choice(levels), comps[r.getrandbits(5)], words[int(r.paretovariate(1.1)) % 6000],
            words[int(r.paretovariate(1.1)) % 6000], words[r.getrandbits(9)], r.getrandbits(20),
            r.getrandbits(10))).encode()
        out.append(line)
        have += len(line)
    return b"".join(out)[:size]


def csv_text(r, vocab, size):
    words = vocab.words
    out = [b"id,name,city,amount,quantity,date\n"]
    have = len(out[0])
    rid = r.getrandbits(16)
    while have < size:
        rid += 1 + r.getrandbits(2)
        line = ("%d,%s,%s,%.2f,%d,2023-%02d-%02d\n" % (
            rid, words[r.getrandbits(11)], words[int(r.paretovariate(1.3)) % 300], r.random() * 5000,
            r.getrandbits(6), 1 + r.getrandbits(3), 1 + r.getrandbits(4))).encode()
        out.append(line)
        have += len(line)
    return b"".join(out)[:size]


KINDS = [  # (kind, extension, weight)
    ("prose", "txt", 0.22), ("prose", "md", 0.10), ("json", "json", 0.22),
    ("code", "java", 0.18), ("code", "py", 0.10), ("log", "log", 0.10), ("csv", "csv", 0.08)]


def small_content(r, vocab, kind, size):
    if kind == "prose":
        return token_text(r, vocab.prose, size)
    if kind == "code":
        return token_text(r, vocab.code, size)
    if kind == "json":
        return json_text(r, vocab, size)
    if kind == "log":
        return log_text(r, vocab, size)
    return csv_text(r, vocab, size)


# ---------------------------------------------------------------------------------------

def write_file(path, data, mtime):
    """Write a new file (never in place: a hard-linked v1 file is replaced, not modified)."""
    tmp = path + ".tmp~"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    os.utime(path, (mtime, mtime))


def db_page(r, vocab, kind):
    if kind == 0:
        return bytes(PAGE)
    rows = 120
    keys = r.randbytes(16 * rows)
    text = token_text(r, vocab.prose, 44 * rows)
    body = b"".join(keys[i * 16:(i + 1) * 16] + text[i * 44:(i + 1) * 44] for i in range(rows))
    body = body + bytes(PAGE - 16 - len(body))
    header = b"HKDB" + kind.to_bytes(2, "little") + rows.to_bytes(2, "little") + \
        zlib.crc32(body).to_bytes(4, "little") + bytes(4)
    return header + body


class Generator:
    TOP_ENTRIES = ("small", "media", "db")  # what a restore of v2 holds at its top, wherever the tool puts it

    def __init__(self, root, size_mib, seed, log=print):
        self.root = root
        self.size_mib = size_mib
        self.seed = seed
        self.log = log
        self.vocab = Vocab(seed)
        self.dir_v1 = os.path.join(root, "v1")
        self.dir_v2 = os.path.join(root, "v2")
        self.marker = os.path.join(root, "dataset.json")

    def params(self):
        return {"generator_version": GENERATOR_VERSION, "size_mib": self.size_mib, "seed": self.seed}

    def cached(self):
        try:
            with open(self.marker) as f:
                m = json.load(f)
        except (OSError, ValueError):
            return None
        if m.get("params") != self.params():
            return None
        if not (os.path.isdir(self.dir_v1) and os.path.isdir(self.dir_v2)):
            return None
        return m

    def ensure(self, force=False):
        m = None if force else self.cached()
        if m is not None:
            self.log(f"dataset: reusing {self.root} ({self.params()})")
            return m
        if os.path.exists(self.root):
            shutil.rmtree(self.root)
        os.makedirs(self.root)
        t0 = time.monotonic()
        self.log(f"dataset: generating v1 ({self.params()}) in {self.dir_v1}")
        v1 = self.gen_v1()
        t1 = time.monotonic()
        self.log(f"dataset: v1 done in {t1 - t0:.1f}s; building mutated v2 in {self.dir_v2}")
        mut = self.gen_v2(v1)
        t2 = time.monotonic()
        self.log(f"dataset: v2 done in {t2 - t1:.1f}s")
        m = {"params": self.params(), "v1": tree_stats(self.dir_v1), "v2": tree_stats(self.dir_v2),
             "v1_parts": v1["parts"], "mutation": mut, "generation_seconds": round(t2 - t0, 1)}
        with open(self.marker + ".tmp", "w") as f:
            json.dump(m, f, indent=2)
        os.replace(self.marker + ".tmp", self.marker)
        return m

    # -- v1 ------------------------------------------------------------------------------
    def gen_v1(self):
        total = self.size_mib * MIB
        d = self.dir_v1
        os.makedirs(d)
        parts = {}
        r = rng_for(self.seed, "layout")
        vocab = self.vocab

        # Small files.
        n_small = max(50, round(self.size_mib * SMALL_FILES_PER_MIB))
        target_small = int(total * SMALL_SHARE)
        raw = [r.lognormvariate(0, 1.2) for _ in range(n_small)]
        factor = target_small / sum(raw)
        sizes = [min(4 * MIB, max(64, int(x * factor))) for x in raw]
        kinds = r.choices(KINDS, weights=[k[2] for k in KINDS], k=n_small)
        small = []
        for i in range(n_small):
            g, dd = divmod(i // FILES_PER_DIR, 20)
            kind, ext, _ = kinds[i]
            name = f"{vocab.words[(i * 7919) % 6000]}-{i:05d}.{ext}"
            rel = os.path.join("small", f"g{g:03d}", f"d{dd:02d}", name)
            small.append((rel, kind, sizes[i]))
        nbytes = 0
        for i, (rel, kind, size) in enumerate(small):
            p = os.path.join(d, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            fr = rng_for(self.seed, "small", i)
            data = small_content(fr, vocab, kind, size)
            write_file(p, data, BASE_MTIME - 86400 * 200 + fr.getrandbits(24))
            nbytes += len(data)
        parts["small"] = {"files": n_small, "bytes": nbytes}
        self.log(f"dataset:   small files: {n_small} files, {nbytes / MIB:.0f} MiB")

        # Large incompressible files.
        target_large = int(total * LARGE_SHARE)
        large = []
        os.makedirs(os.path.join(d, "media"))
        for j, share in enumerate(LARGE_SHARES):
            size = int(target_large * share) // 4096 * 4096
            rel = os.path.join("media", f"video-{j + 1:02d}.bin")
            fr = rng_for(self.seed, "large", j)
            with open(os.path.join(d, rel), "wb") as f:
                left = size
                while left > 0:
                    n = min(left, 4 * MIB)
                    f.write(fr.randbytes(n))
                    left -= n
            os.utime(os.path.join(d, rel), (BASE_MTIME - 86400 * (50 + j),) * 2)
            large.append((rel, size))
        parts["large"] = {"files": len(large), "bytes": sum(s for _, s in large)}
        self.log(f"dataset:   large incompressible: {len(large)} files, "
                 f"{parts['large']['bytes'] / MIB:.0f} MiB")

        # Database-like file.
        npages = max(64, int(total * DB_SHARE) // PAGE)
        db_rel = os.path.join("db", "main.db")
        os.makedirs(os.path.join(d, "db"))
        stats = self.write_db(os.path.join(d, db_rel), npages)
        os.utime(os.path.join(d, db_rel), (BASE_MTIME - 3600,) * 2)
        parts["db"] = {"files": 1, "bytes": npages * PAGE, **stats}
        self.log(f"dataset:   database file: {npages} pages, {npages * PAGE / MIB:.0f} MiB "
                 f"({stats['distinct_pages']} distinct)")

        # Duplicates: the smallest large file once, then whole small-file directories.
        target_dup = int(total * DUP_SHARE)
        dup_bytes = 0
        dup_files = 0
        os.makedirs(os.path.join(d, "copies"))
        src_rel, src_size = large[-1]
        if src_size <= target_dup * 0.6:
            shutil.copy2(os.path.join(d, src_rel), os.path.join(d, "copies", "video-archive.bin"))
            dup_bytes += src_size
            dup_files += 1
        by_dir = {}
        for rel, kind, size in small:
            by_dir.setdefault(os.path.dirname(rel), []).append((rel, size))
        dirs = sorted(by_dir)
        rd = rng_for(self.seed, "dups")
        rd.shuffle(dirs)
        for dr in dirs:
            if dup_bytes >= target_dup:
                break
            for rel, size in by_dir[dr]:
                dst = os.path.join(d, "copies", "snapshot-" + rel.replace(os.sep, "-", 1))
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy2(os.path.join(d, rel), dst)
                dup_bytes += size
                dup_files += 1
        parts["duplicates"] = {"files": dup_files, "bytes": dup_bytes}
        self.log(f"dataset:   duplicates: {dup_files} files, {dup_bytes / MIB:.0f} MiB")
        set_dir_mtimes(d, BASE_MTIME)
        self.small = small
        self.large = large
        self.db_rel = db_rel
        return {"parts": parts}

    def write_db(self, path, npages, r=None):
        vocab = self.vocab
        r = r or rng_for(self.seed, "db")
        pool_n = max(8, npages // 25)
        pool = [db_page(r, vocab, 2) for _ in range(pool_n)]
        zero = db_page(r, vocab, 0)
        written = 0
        runs = 0
        kinds = {"zero": 0, "pool": 0, "fresh": 0, "run_copy": 0}
        with open(path, "w+b") as f:
            while written < npages:
                x = r.random()
                if x < 0.0005 and written > 1024:
                    # Copy a run of 128..512 consecutive pages from earlier in the file.
                    n = min(npages - written, 128 + r.getrandbits(9) % 385)
                    start = r.randrange(0, written - n) if written > n else 0
                    blob = os.pread(f.fileno(), n * PAGE, start * PAGE)
                    f.write(blob)
                    written += n
                    runs += 1
                    kinds["run_copy"] += n
                    continue
                if x < 0.12:
                    page = zero
                    kinds["zero"] += 1
                elif x < 0.55:
                    # Skewed choice: some pages repeat very often.
                    if r.random() < 0.5:
                        pi = min(pool_n, int(r.paretovariate(0.8))) - 1
                    else:
                        pi = r.randrange(pool_n)
                    page = pool[pi]
                    kinds["pool"] += 1
                else:
                    page = db_page(r, vocab, 1)
                    kinds["fresh"] += 1
                f.write(page)
                written += 1
        return {"pages": npages, "distinct_pages": kinds["fresh"] + pool_n + 1, "copied_runs": runs,
                "page_kinds": kinds}

    # -- v2 ------------------------------------------------------------------------------
    def start_mutation(self, tag):
        """Makes v2 a hard-linked copy of v1; returns the mutation's random source and the files in shuffled order."""
        subprocess.run(["cp", "-al", self.dir_v1, self.dir_v2], check=True)
        r = rng_for(self.seed, tag)
        idx = list(range(len(self.small)))
        r.shuffle(idx)
        return r, idx

    def gen_v2(self, v1):
        d1, d2 = self.dir_v1, self.dir_v2
        r, idx = self.start_mutation("mutation")
        vocab = self.vocab
        mt = MUTATION_MTIME
        small = self.small
        n = len(small)
        n_files = sum(p["files"] for p in v1["parts"].values())
        n_rewrite = max(1, round(0.01 * n_files))
        n_append = max(1, round(0.005 * n))
        n_delete = max(1, round(0.005 * n))
        rewrite = idx[:n_rewrite]
        append = idx[n_rewrite:n_rewrite + n_append]
        delete = idx[n_rewrite + n_append:n_rewrite + n_append + n_delete]
        mut = {}
        changed_bytes = 0

        for k, i in enumerate(sorted(rewrite)):
            rel, kind, size = small[i]
            fr = rng_for(self.seed, "rewrite", i)
            new_size = max(16, int(size * (0.8 + 0.4 * fr.random())))
            write_file(os.path.join(d2, rel), small_content(fr, vocab, kind, new_size), mt + k)
            changed_bytes += new_size
        mut["rewritten_files"] = n_rewrite

        appended = 0
        for k, i in enumerate(sorted(append)):
            rel, kind, size = small[i]
            p = os.path.join(d2, rel)
            fr = rng_for(self.seed, "append", i)
            with open(p, "rb") as f:
                old = f.read()
            extra = small_content(fr, vocab, kind if kind != "json" else "log", 512 + fr.getrandbits(14))
            write_file(p, old + extra, mt + 1000 + k)
            appended += len(extra)
        # Append to one large incompressible file as well.
        rel, size = self.large[1]
        extra_n = max(256 * 1024, int(self.size_mib * MIB * 0.002)) // 4096 * 4096
        p = os.path.join(d2, rel)
        tmp = p + ".tmp~"
        shutil.copyfile(p, tmp)
        with open(tmp, "ab") as f:
            f.write(rng_for(self.seed, "append-large").randbytes(extra_n))
        os.replace(tmp, p)
        os.utime(p, (mt + 2000,) * 2)
        appended += extra_n
        changed_bytes += appended
        mut["appended_files"] = n_append + 1
        mut["appended_bytes"] = appended

        # Small insertions inside the largest incompressible file and inside the database file.
        ins_total = 0
        for tag, rel in (("large", self.large[0][0]), ("db", self.db_rel)):
            p = os.path.join(d2, rel)
            with open(p, "rb") as f:
                data = bytearray(f.read())
            fr = rng_for(self.seed, "insert", tag)
            offsets = sorted(fr.randrange(len(data)) for _ in range(8))
            for off in reversed(offsets):
                run = fr.randbytes(16 + fr.getrandbits(8))
                data[off:off] = run
                ins_total += len(run)
            write_file(p, bytes(data), mt + 3000 + (1 if tag == "db" else 0))
        mut["insertions"] = {"files": 2, "runs_per_file": 8, "bytes": ins_total}
        changed_bytes += ins_total

        # Deletions: 0.5% of the small files and one whole directory of copies.
        for i in delete:
            os.unlink(os.path.join(d2, small[i][0]))
        copy_dirs = sorted(dp for dp, dns, fns in os.walk(os.path.join(d2, "copies")) if fns and not dns
                           and dp != os.path.join(d2, "copies"))
        deleted_dir_files = 0
        if copy_dirs:
            victim = copy_dirs[r.randrange(len(copy_dirs))]
            deleted_dir_files = len(os.listdir(victim))
            shutil.rmtree(victim)
        mut["deleted_files"] = n_delete + deleted_dir_files

        # Additions: new small files (1% of the count) and one new incompressible file.
        n_add = max(1, round(0.01 * n))
        added = 0
        for k in range(n_add):
            fr = rng_for(self.seed, "add", k)
            kind, ext, _ = fr.choices(KINDS, weights=[x[2] for x in KINDS])[0]
            size = max(64, int(fr.lognormvariate(0, 1.1) * 18000))
            rel = os.path.join("small", "new", f"n{k // FILES_PER_DIR:03d}", f"added-{k:05d}.{ext}")
            os.makedirs(os.path.join(d2, os.path.dirname(rel)), exist_ok=True)
            write_file(os.path.join(d2, rel), small_content(fr, vocab, kind, size), mt + 4000 + k)
            added += size
        big = max(MIB, int(self.size_mib * MIB * 0.005)) // 4096 * 4096
        write_file(os.path.join(d2, "media", "video-new.bin"),
                   rng_for(self.seed, "add-large").randbytes(big), mt + 9000)
        added += big
        mut["added_files"] = n_add + 1
        mut["added_bytes"] = added
        changed_bytes += added
        mut["changed_or_new_bytes"] = changed_bytes
        keep_unchanged_dir_mtimes(d1, d2)
        self.log(f"dataset:   mutation: {json.dumps(mut)}")
        return mut


# ---------------------------------------------------------------------------------------
# The small-files dataset: a tree like /usr/share, a source checkout or a mail spool.

SMALL_FILES_VERSION = 1
SMALL_FILES_TOP = ("share", "src", "mail", "var")
SMALL_FILES_PER_DIR = 12       # files per directory on average
SMALL_MEDIAN_BYTES = 3500      # log-normal sizes: median 3.5 KiB, sigma 1.5 (mean ~11 KiB, 0.1% above 1 MiB)
SMALL_SIGMA = 1.5
SMALL_MAX_BYTES = 16 * MIB
SMALL_KINDS = KINDS + [("binary", "gz", 0.08), ("binary", "png", 0.06)]
SYMLINK_SHARE = 0.02           # symlinks per file, a fifth of them to directories
HARDLINK_SHARE = 0.01          # files given a second name in another directory


class SmallFilesGenerator(Generator):
    """v1: `files` files in a random tree under four top directories (a random recursive tree: depth ~8 on average,
    up to ~20), log-normal sizes, mostly compressible text and 14% incompressible, empty files, symlinks (relative,
    to files and directories) and hard links. v2: the same mutation shares as the mixed dataset, by file count."""
    TOP_ENTRIES = SMALL_FILES_TOP

    def __init__(self, root, files, seed, log=print):
        super().__init__(root, 0, seed, log)
        self.files = files

    def params(self):
        return {"dataset": "small-files", "generator_version": SMALL_FILES_VERSION, "files": self.files,
                "seed": self.seed}

    def gen_v1(self):
        d = self.dir_v1
        r = rng_for(self.seed, "sf-layout")
        vocab = self.vocab
        n = self.files
        dirs = list(SMALL_FILES_TOP)
        for i in range(max(len(dirs), n // SMALL_FILES_PER_DIR) - len(dirs)):
            parent = dirs[r.randrange(len(dirs))]
            dirs.append(os.path.join(parent, f"{vocab.words[r.randrange(6000)]}{i}"))
        for dr in dirs:
            os.makedirs(os.path.join(d, dr), exist_ok=True)
        kinds = r.choices(SMALL_KINDS, weights=[k[2] for k in SMALL_KINDS], k=n)
        files = []
        nbytes = 0
        for i in range(n):
            fr = rng_for(self.seed, "sf", i)
            kind, ext, _ = kinds[i]
            size = 0 if fr.random() < 0.01 else min(SMALL_MAX_BYTES,
                                                     int(fr.lognormvariate(0, SMALL_SIGMA) * SMALL_MEDIAN_BYTES))
            rel = os.path.join(dirs[r.randrange(len(dirs))], f"{vocab.words[(i * 7919) % 6000]}-{i:05d}.{ext}")
            write_file(os.path.join(d, rel), small_file_content(fr, vocab, kind, size),
                       BASE_MTIME - 86400 * 300 + fr.getrandbits(25))
            files.append((rel, kind, size))
            nbytes += size
        links = 0
        for k in range(round(n * HARDLINK_SHARE)):
            rel = files[r.randrange(n)][0]
            other = os.path.join(dirs[r.randrange(len(dirs))], f"link{k}-{os.path.basename(rel)}")
            if not os.path.lexists(os.path.join(d, other)):
                os.link(os.path.join(d, rel), os.path.join(d, other))
                links += 1
        symlinks = 0
        for k in range(round(n * SYMLINK_SHARE)):
            target = dirs[r.randrange(len(dirs))] if r.random() < 0.2 else files[r.randrange(n)][0]
            at = os.path.join(dirs[r.randrange(len(dirs))], f"ln{k}-{os.path.basename(target)}")
            path = os.path.join(d, at)
            os.symlink(os.path.relpath(os.path.join(d, target), os.path.dirname(path)), path)
            os.utime(path, (BASE_MTIME - 86400 * 100 + k,) * 2, follow_symlinks=False)
            symlinks += 1
        set_dir_mtimes(d, BASE_MTIME)
        self.small = files
        self.dirs = dirs
        sizes = sorted(s for _, _, s in files)
        parts = {"files": {"files": n, "bytes": nbytes, "median_bytes": sizes[n // 2],
                           "p99_bytes": sizes[int(n * 0.99)], "largest_bytes": sizes[-1]},
                 "directories": len(dirs), "max_depth": max(dr.count(os.sep) + 1 for dr in dirs),
                 "hard_links": links, "symlinks": symlinks}
        self.log(f"dataset:   {n} files, {nbytes / MIB:.0f} MiB (median {sizes[n // 2]} bytes), {len(dirs)} "
                 f"directories, {links} hard links, {symlinks} symlinks")
        return {"parts": parts}

    def gen_v2(self, v1):
        d1, d2 = self.dir_v1, self.dir_v2
        r, idx = self.start_mutation("sf-mutation")
        vocab = self.vocab
        mt = MUTATION_MTIME
        files = self.small
        n = len(files)
        n_rewrite, n_append, n_delete = round(0.01 * n), round(0.005 * n), round(0.005 * n)
        rewrite = idx[:n_rewrite]
        append = idx[n_rewrite:n_rewrite + n_append]
        delete = idx[n_rewrite + n_append:n_rewrite + n_append + n_delete]
        changed = 0
        for k, i in enumerate(sorted(rewrite)):
            rel, kind, size = files[i]
            fr = rng_for(self.seed, "sf-rewrite", i)
            new_size = int(size * (0.8 + 0.4 * fr.random()))
            write_file(os.path.join(d2, rel), small_file_content(fr, vocab, kind, new_size), mt + k)
            changed += new_size
        for k, i in enumerate(sorted(append)):
            rel, kind, size = files[i]
            p = os.path.join(d2, rel)
            fr = rng_for(self.seed, "sf-append", i)
            with open(p, "rb") as f:
                old = f.read()
            extra = small_file_content(fr, vocab, kind if kind in ("prose", "code", "log") else "log",
                                       256 + fr.getrandbits(12))
            write_file(p, old + extra, mt + 100_000 + k)
            changed += len(extra)
        for i in delete:
            os.unlink(os.path.join(d2, files[i][0]))
        n_add = round(0.01 * n)
        for k in range(n_add):
            fr = rng_for(self.seed, "sf-add", k)
            kind, ext, _ = fr.choices(SMALL_KINDS, weights=[x[2] for x in SMALL_KINDS])[0]
            size = int(fr.lognormvariate(0, SMALL_SIGMA) * SMALL_MEDIAN_BYTES) % SMALL_MAX_BYTES
            rel = os.path.join(self.dirs[fr.randrange(len(self.dirs))], f"added-{k:05d}.{ext}")
            write_file(os.path.join(d2, rel), small_file_content(fr, vocab, kind, size), mt + 200_000 + k)
            changed += size
        mut = {"rewritten_files": n_rewrite, "appended_files": n_append, "deleted_files": n_delete,
               "added_files": n_add, "changed_or_new_bytes": changed}
        keep_unchanged_dir_mtimes(d1, d2)
        self.log(f"dataset:   mutation: {json.dumps(mut)}")
        return mut


def small_file_content(r, vocab, kind, size):
    return r.randbytes(size) if kind == "binary" else small_content(r, vocab, kind, size)


def keep_unchanged_dir_mtimes(d1, d2):
    """Directories keep their v1 mtime unless the mutation added or removed entries in them."""
    for dp, _, _ in os.walk(d2, topdown=False):
        old = os.path.join(d1, os.path.relpath(dp, d2))
        if os.path.isdir(old) and sorted(os.listdir(old)) == sorted(os.listdir(dp)):
            st = os.stat(old)
            os.utime(dp, ns=(st.st_atime_ns, st.st_mtime_ns))
        else:
            os.utime(dp, (MUTATION_MTIME + 86400, MUTATION_MTIME + 86400))


def set_dir_mtimes(root, mtime):
    for dp, dns, _ in os.walk(root, topdown=False):
        os.utime(dp, (mtime, mtime))


def tree_stats(root):
    files = 0
    size = 0
    dirs = 0
    for dp, dns, fns in os.walk(root):
        dirs += len(dns)
        for fn in fns:
            st = os.lstat(os.path.join(dp, fn))
            files += 1
            size += st.st_size
    return {"files": files, "dirs": dirs, "bytes": size}


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description="Generate the benchmark dataset (v1 and mutated v2).")
    ap.add_argument("root")
    ap.add_argument("--size-mib", type=int, default=2048)
    ap.add_argument("--seed", default="hokan-bench-1")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    print(json.dumps(Generator(a.root, a.size_mib, a.seed).ensure(a.force), indent=2))
