#!/usr/bin/env python3
"""torchvision's Resize(side) + CenterCrop((height, width)) on a PIL image, as
numpy [H, W, 3] float32 in [0, 1]: the reference dqss's preprocessing is
checked against.

    pil_preprocess.py IMAGE SIDE HEIGHT WIDTH OUT.npy     (SIDE 0 = resize straight to HEIGHT x WIDTH)
"""
import sys

import numpy as np
from PIL import Image

path, side, height, width, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
image = Image.open(path).convert("RGB")
w, h = image.size
if side == 0:
    size = (width, height)
elif w <= h:
    size = (side, int(side * h / w))
else:
    size = (int(side * w / h), side)
image = image.resize(size, Image.BILINEAR)  # what torchvision's Resize does to a PIL image
w, h = image.size
top, left = int(round((h - height) / 2.0)), int(round((w - width) / 2.0))
image = image.crop((left, top, left + width, top + height))
np.save(out, np.asarray(image, dtype=np.float32) / 255)
