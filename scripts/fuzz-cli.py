#!/usr/bin/env python3
"""Mutation harness through the dqss command line.

For each loader (safetensors, npy, idx, onnx, snapshot, photo) it mutates the
committed seed files (Fuzz/Corpus/LOADER/valid-*) and runs the command that
loads them, the way a person would. A run passes when it exits 0 or with a
one-line error (exit 1 or ArgumentParser's 64); it fails when it traps (a
signal, exit 132/133/134/139, "Fatal error" or a crash report) or takes longer
than the timeout (a hang). Failing inputs are kept in .build/fuzz-cli/LOADER/.

Usage: scripts/fuzz-cli.py [--cases N] [--seed S] [--jobs J] [loader...]
"""
import argparse, concurrent.futures, os, random, shutil, struct, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("DQSS_BIN", os.path.join(ROOT, ".build/release/dqss"))
CORPUS = os.path.join(ROOT, "Fuzz/Corpus")
OUT = os.path.join(ROOT, ".build/fuzz-cli")
LOADERS = ["safetensors", "npy", "idx", "onnx", "snapshot", "photo"]
INTERESTING = [0, 1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 2**31, 2**63 - 1]


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        op = rng.randrange(8)
        if not b:
            b += bytes([rng.randrange(256)])
            continue
        i = rng.randrange(len(b))
        if op == 0:
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[i] = rng.randrange(256)
        elif op == 2:
            del b[i:i + rng.randrange(1, 64)]
        elif op == 3:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif op == 4:
            b = b[:rng.randrange(len(b) + 1)]
        elif op == 5:
            v = rng.choice(INTERESTING)
            w = rng.choice([1, 2, 4, 8])
            b[i:i + w] = (v & (2 ** (8 * w) - 1)).to_bytes(w, rng.choice(["little", "big"]))
        elif op == 6:
            # A number inside text (JSON headers, snapshots): replace a digit run.
            digits = [j for j in range(len(b)) if chr(b[j]).isdigit()]
            if digits:
                j = rng.choice(digits)
                k = j
                while k < len(b) and chr(b[k]).isdigit():
                    k += 1
                b[j:k] = str(rng.choice([0, -1, 64, 2**31, 2**63, 10**40, rng.randrange(100)])).encode()
        else:
            f = rng.choice([float("nan"), float("inf"), 3.4e38, 1e-45, 0.0, -1.0])
            b[i:i + 4] = struct.pack("<f", f)
    return bytes(b)


def command(loader, path, work):
    model = os.path.join(work, "model.safetensors")
    if loader == "safetensors":
        return [BIN, "export", "--checkpoint", path, "-o", os.path.join(work, "out.onnx")]
    if loader == "npy":
        return [BIN, "calibrate", "--tensor", path]
    if loader == "onnx":
        return [BIN, "export", "--model", path, "-o", os.path.join(work, "out.onnx")]
    if loader == "snapshot":
        return [BIN, "export", "--checkpoint", model, "--strategy", path, "--format", "encodings",
                "-o", os.path.join(work, "out.json")]
    if loader == "idx":
        return [BIN, "eval", "--checkpoint", model, "--data", os.path.dirname(path)]
    if loader == "photo":
        return [BIN, "eval", "--model", "edsr-x2", "--checkpoint", os.path.join(work, "edsr.safetensors"),
                "--photos", os.path.dirname(path)]
    raise ValueError(loader)


def seeds(loader):
    folder = os.path.join(CORPUS, "photo" if loader == "photo" else loader)
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.startswith("valid-"))


def run_case(loader, seed_path, case, base_seed, work, timeout):
    rng = random.Random(f"{base_seed}-{loader}-{case}")
    data = mutate(open(seed_path, "rb").read(), rng)
    case_dir = tempfile.mkdtemp(prefix=f"{loader}-", dir=work)
    try:
        if loader == "idx":
            # The mutated file takes the place of one of the four (the other three stay valid).
            src = os.path.dirname(seed_path)
            for f in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
                shutil.copy(os.path.join(src, "valid-" + f), os.path.join(case_dir, f))
            name = os.path.basename(seed_path)[len("valid-"):]
            path = os.path.join(case_dir, name)
        else:
            path = os.path.join(case_dir, "input" + os.path.splitext(seed_path)[1])
        with open(path, "wb") as f:
            f.write(data)
        try:
            p = subprocess.run(command(loader, path, work), capture_output=True, timeout=timeout, cwd=case_dir)
            err = p.stderr.decode(errors="replace")
            crashed = p.returncode < 0 or p.returncode in (132, 133, 134, 139) or "Fatal error" in err \
                or "Program crashed" in err
            verdict = "crash" if crashed else "ok"
        except subprocess.TimeoutExpired:
            verdict, err = "hang", ""
        if verdict != "ok":
            keep = os.path.join(OUT, loader)
            os.makedirs(keep, exist_ok=True)
            shutil.copy(path, os.path.join(keep, f"{verdict}-{case}{os.path.splitext(path)[1]}"))
        return verdict, err.strip().splitlines()[-1:] if verdict == "crash" else []
    finally:
        shutil.rmtree(case_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("loaders", nargs="*", default=LOADERS)
    args = ap.parse_args()
    if not os.access(BIN, os.X_OK):
        sys.exit(f"no dqss binary at {BIN}: run `make build` first")
    work = tempfile.mkdtemp(prefix="dqss-fuzz-cli-")
    failures = 0
    try:
        # The committed weights: snapshots in the corpus were made from them (their SHA-256 must match).
        shutil.copy(os.path.join(ROOT, "Assets/models/resnet20.safetensors"), os.path.join(work, "model.safetensors"))
        shutil.copy(os.path.join(ROOT, "Assets/models/edsr-x2.safetensors"), os.path.join(work, "edsr.safetensors"))
        for loader in args.loaders:
            files = seeds(loader)
            counts = {"ok": 0, "crash": 0, "hang": 0}
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                futures = [pool.submit(run_case, loader, files[c % len(files)], c, args.seed, work, args.timeout)
                           for c in range(args.cases)]
                for fut in concurrent.futures.as_completed(futures):
                    verdict, last = fut.result()
                    counts[verdict] += 1
                    if verdict == "crash" and counts["crash"] <= 3:
                        print(f"  {loader} crash: {' '.join(last)}", file=sys.stderr)
            failures += counts["crash"] + counts["hang"]
            print(f"{loader}: {args.cases} cases, {counts['ok']} handled, {counts['crash']} crashes, {counts['hang']} hangs")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"failing inputs kept in {OUT}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
