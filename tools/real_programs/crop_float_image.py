#!/usr/bin/env python3
"""Cuts a rectangle out of a raw float32 image (nanoBragg -floatfile: little-endian, fast index
fastest) and writes it in the same layout, slow-major.

    crop_float_image.py IMAGE FAST_PIXELS FAST_MIN FAST_MAX SLOW_MIN SLOW_MAX OUT

Bounds are inclusive pixel indices, given fast first like nanoBragg's -roi.
Exit codes: 0 written; 1 usage error; 2 the image is unreadable or smaller than the rectangle.
"""
import os
import sys


def main(argv):
    if len(argv) != 8:
        print("crop_float_image: usage: crop_float_image.py IMAGE FAST_PIXELS FAST_MIN FAST_MAX "
              "SLOW_MIN SLOW_MAX OUT", file=sys.stderr)
        return 1
    image, out = argv[1], argv[7]
    try:
        fast_pixels, fmin, fmax, smin, smax = (int(v) for v in argv[2:7])
    except ValueError:
        print("crop_float_image: pixel counts and bounds must be integers", file=sys.stderr)
        return 1
    if fast_pixels <= 0 or not (0 <= fmin <= fmax < fast_pixels) or not (0 <= smin <= smax):
        print("crop_float_image: the rectangle is not inside a row of %d pixels" % fast_pixels,
              file=sys.stderr)
        return 1
    row_bytes = 4 * (fmax - fmin + 1)
    try:
        with open(image, "rb") as f:
            if os.fstat(f.fileno()).st_size < 4 * fast_pixels * (smax + 1):
                print("crop_float_image: %s is smaller than the rectangle" % image, file=sys.stderr)
                return 2
            rows = []
            for s in range(smin, smax + 1):
                f.seek(4 * (s * fast_pixels + fmin))
                rows.append(f.read(row_bytes))
    except OSError as e:
        print("crop_float_image: %s: %s" % (image, e.strerror), file=sys.stderr)
        return 2
    tmp = out + ".part"
    with open(tmp, "wb") as f:
        f.write(b"".join(rows))
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
