"""Writes small IDX files for tests/suite/idx.rs into tests/fixtures/idx/, with the
standard library only (struct, gzip), byte for byte as the IDX format
describes it (http://yann.lecun.com/exdb/mnist/, "THE IDX FILE FORMAT"):

    magic: 0x00 0x00, element type, number of axes; each axis's size as a
    big-endian 32-bit integer; the values, big-endian, row-major.

Files:
- types/<type>.idx: the 2 x 3 array [[1, -2, 3], [-4, 5, -6]] (unsigned byte:
  [[1, 2, 3], [4, 5, 6]]; the floats: each value + 0.5) in each of IDX's six
  element types;
- fashion/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz: a Fashion-MNIST
  folder in miniature, 4 training and 2 test images of 28 x 28, pixel
  (i, j) of image k = (k * 31 + i * 7 + j * 3) % 256, labels [9, 0, 3, 7] and
  [1, 8]; the training images also plain (not gzipped) in plain/.

Run from anywhere: python3 scripts/oracles/idx_fixtures.py
"""

import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "fixtures", "idx")

TYPES = {
    # name: (type byte, struct code)
    "u8": (0x08, "B"),
    "i8": (0x09, "b"),
    "i16": (0x0B, "h"),
    "i32": (0x0C, "i"),
    "f32": (0x0D, "f"),
    "f64": (0x0E, "d"),
}


def idx(type_byte, code, shape, values):
    header = struct.pack(">BBBB", 0, 0, type_byte, len(shape))
    header += b"".join(struct.pack(">I", n) for n in shape)
    return header + b"".join(struct.pack(">" + code, v) for v in values)


def write(path, data, gz=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if gz:
        # mtime=0: the same bytes on every run.
        with open(path, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
                g.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def main():
    signed = [1, -2, 3, -4, 5, -6]
    for name, (type_byte, code) in TYPES.items():
        if name == "u8":
            values = [abs(v) for v in signed]
        elif name.startswith("f"):
            values = [v + 0.5 for v in signed]
        else:
            values = signed
        write(os.path.join(OUT, "types", f"{name}.idx"), idx(type_byte, code, (2, 3), values))

    def images(count, first):
        return [((first + k) * 31 + i * 7 + j * 3) % 256
                for k in range(count) for i in range(28) for j in range(28)]

    parts = {"train": (4, 0, [9, 0, 3, 7]), "t10k": (2, 4, [1, 8])}
    for prefix, (count, first, labels) in parts.items():
        pixels = idx(0x08, "B", (count, 28, 28), images(count, first))
        write(os.path.join(OUT, "fashion", f"{prefix}-images-idx3-ubyte.gz"), pixels, gz=True)
        write(os.path.join(OUT, "fashion", f"{prefix}-labels-idx1-ubyte.gz"),
              idx(0x08, "B", (count,), labels), gz=True)
        if prefix == "train":
            write(os.path.join(OUT, "plain", "train-images-idx3-ubyte"), pixels)
    # The oracle values the test asserts: image 0's pixel sum and image 1's (3, 5).
    first = images(1, 0)
    print("train image 0 pixel sum / 255:", sum(first) / 255)
    print("train image 1 pixel (3, 5):", images(2, 0)[28 * 28 + 3 * 28 + 5])
    print("wrote", os.path.abspath(OUT))


if __name__ == "__main__":
    main()
