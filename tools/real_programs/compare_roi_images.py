#!/usr/bin/env python3
"""Compares a whole-frame float image with one rendered with -roi: inside the ROI the two should
agree, outside it the ROI run should hold zeros.

    compare_roi_images.py FULL ROI_RUN FAST_PIXELS FAST_MIN FAST_MAX SLOW_MIN SLOW_MAX

Both images raw float32, little-endian, fast index fastest; bounds inclusive, fast first like -roi.
Prints one line: pixels compared inside the ROI, how many differ and by how much at most, and the
largest magnitude outside. Exit codes: 0 printed; 1 usage error; 2 unreadable or mismatched images.
"""
import array
import sys


def read_floats(path):
    a = array.array("f")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return a


def main(argv):
    if len(argv) != 8:
        print("compare_roi_images: usage: compare_roi_images.py FULL ROI_RUN FAST_PIXELS FAST_MIN "
              "FAST_MAX SLOW_MIN SLOW_MAX", file=sys.stderr)
        return 1
    try:
        fast_pixels, fmin, fmax, smin, smax = (int(v) for v in argv[3:8])
        full, roi = read_floats(argv[1]), read_floats(argv[2])
    except (ValueError, OSError) as e:
        print("compare_roi_images: %s" % e, file=sys.stderr)
        return 2
    if len(full) != len(roi) or fast_pixels <= 0 or len(full) % fast_pixels:
        print("compare_roi_images: the images differ in size or are not %d pixels wide" % fast_pixels,
              file=sys.stderr)
        return 2
    inside = differing = 0
    max_diff = max_outside = 0.0
    for i, (a, b) in enumerate(zip(full, roi)):
        s, f = divmod(i, fast_pixels)
        if fmin <= f <= fmax and smin <= s <= smax:
            inside += 1
            if a != b:
                differing += 1
                max_diff = max(max_diff, abs(a - b))
        else:
            max_outside = max(max_outside, abs(b))
    print("inside the ROI %d pixels compared, %d differ (max |diff| %g); outside the ROI max |value| %g"
          % (inside, differing, max_diff, max_outside))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
