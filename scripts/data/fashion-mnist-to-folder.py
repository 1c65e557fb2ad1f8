#!/usr/bin/env python3
"""Writes one split of an MNIST-format IDX dataset as PNG files.

    fashion-mnist-to-folder.py IDX_FOLDER OUT [--split test|train] [--flat] [--count N]

Labelled (default): OUT/<class>/<index>.png, torchvision's ImageFolder layout,
classes named by their number (zero-padded so name order is label order).
--flat: OUT/<index>.png without labels. Indices are zero-padded, so name order
is the IDX order. Standard library only (zlib PNG encoder): 8-bit gray.
"""
import argparse
import gzip
import os
import struct
import sys
import zlib

NAMES = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
         "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def read_idx(folder, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            dims = data[3]
            shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
            return shape, data[4 + 4 * dims:]
    sys.exit(f"no {name}(.gz) in {folder}")


def png_gray(width, height, pixels):
    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("idx_folder")
    parser.add_argument("out")
    parser.add_argument("--split", choices=sorted(NAMES), default="test")
    parser.add_argument("--flat", action="store_true")
    parser.add_argument("--count", type=int, default=0, help="only the first N images (0 = all)")
    args = parser.parse_args()
    (n, h, w), images = read_idx(args.idx_folder, NAMES[args.split][0])
    (_,), labels = read_idx(args.idx_folder, NAMES[args.split][1])
    if args.count > 0:
        n = min(n, args.count)
    digits = len(str(n - 1))
    for i in range(n):
        folder = args.out if args.flat else os.path.join(args.out, f"{labels[i]:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:0{digits}d}.png"), "wb") as f:
            f.write(png_gray(w, h, images[i * h * w:(i + 1) * h * w]))
    print(f"wrote {n} images of the {args.split} split to {args.out}")


if __name__ == "__main__":
    main()
