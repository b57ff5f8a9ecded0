"""Writes autograd_engine/ops/unicode_scripts.txt: the ICU script code (``UScriptCode``) of
every Unicode code point, as TensorFlow's ``tf.strings.unicode_script`` returns it, in runs.

Run with the TensorFlow venv from the repository root:
    /work/tfvenv/bin/python tools/make_unicode_scripts_table.py
Each line is ``<first code point, hex> <script code>``; a run lasts until the next line.
"""
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "autograd_engine", "ops",
                   "unicode_scripts.txt")


def main():
    code_points = np.arange(0, 0x110000, dtype=np.int32)
    codes = tf.strings.unicode_script(code_points).numpy()
    starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1])
    with open(OUT, "w") as f:
        f.write("# ICU UScriptCode runs of tf.strings.unicode_script (TensorFlow %s); see "
                "tools/make_unicode_scripts_table.py\n" % tf.__version__)
        for start in starts:
            f.write("%x %d\n" % (start, codes[start]))
    print("wrote %d runs to %s" % (len(starts), OUT))


if __name__ == "__main__":
    main()
