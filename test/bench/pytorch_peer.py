#!/usr/bin/python3
"""PyTorch peer of deskfit's training benchmarks (run by training.bench.ts and accuracy.bench.ts).

The same networks as src/main/engine/models, layer for layer: the course's simple CNN (stride-2
3x3 conv -> BN -> ReLU, channels doubling from `width` until the map is 2x2, then a stride-2 conv
to the classes and a global mean) and ResNet-18 (torchvision's: 7x7/2 stem, 3x3/2 max pool, four
stages of BasicBlocks, 1x1/2 conv + BN shortcuts) with fastai's head (concat pool -> BN -> dropout
-> linear 512 -> ReLU -> BN -> dropout -> linear). Convs before a BN have no bias; kernels are
He-normal (fan_in), BN eps 1e-5 and momentum 0.1. One difference that costs nothing: TF's 'same'
padding puts the odd pixel of a stride-2 conv's padding at the bottom/right, PyTorch pads both
sides by k//2; the output sizes and arithmetic are the same.

Training as deskfit's Learner does it: AdamW (betas (mom, 0.99), eps 1e-5, decoupled wd 0.01, none
on BatchNorm and biases), fastai's one-cycle (div 25, div_final 1e5, pct_start 0.25, moms
0.95/0.85/0.95, cosine segments, set before every batch), batch 64 with the last partial batch
kept, per-channel normalisation after augmentation.

  speed:    python3 pytorch_peer.py speed [--threads N|default] [--batches N]
            -> {"torch": ..., "threads": N, "rows": [{arch, size, batchSize, imagesPerSecond}]}
  accuracy: python3 pytorch_peer.py accuracy --data DIR --epochs N --lr LR --seeds 1,2,3
            DIR holds meta.json and <split>.u8 (N x S x S x 3 RGB bytes) / <split>.labels (uint8)
            written by accuracy.bench.ts from deskfit's training-image cache, so both see the
            same pixels. -> {"runs": [{seed, validAccuracy, testAccuracy, seconds}], ...}
  augment-check --data DIR: DIR/augment.json holds images, deskfit's sampled augmentation
            parameters and deskfit's augmented output; -> {"maxAbsDiff": ...} of this file's
            augmentation against it (the two implementations agree to ~1e-6).

Prints one JSON object on stdout. Needs python3-torch (Debian) and numpy.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ----------------------------------------------------------------------------- models


def conv_bn_relu(cin, cout, kernel, stride):
    return [
        nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
        nn.ReLU(inplace=True),
    ]


def simple_cnn_channels(input_size, width):
    """src/main/engine/models/simpleCnn.ts simpleCnnChannels."""
    channels, size = [], input_size
    while True:
        channels.append(min(width * 2 ** len(channels), 512))
        size = math.ceil(size / 2)
        if size <= 2:
            return channels


class SimpleCnn(nn.Module):
    def __init__(self, input_size, n_classes, width=8):
        super().__init__()
        layers, cin = [], 3
        for cout in simple_cnn_channels(input_size, width):
            layers += conv_bn_relu(cin, cout, 3, 2)
            cin = cout
        self.body = nn.Sequential(*layers)
        self.head_conv = nn.Conv2d(cin, n_classes, 3, stride=2, padding=1, bias=True)

    def forward(self, x):
        return self.head_conv(self.body(x)).mean(dim=(2, 3))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride=stride, bias=False),
                nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
            )

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)), inplace=True)


class FastaiHead(nn.Module):
    """fastai's create_head (concat_pool, lin_ftrs [512], ps 0.5 -> dropouts 0.25 and 0.5)."""

    def __init__(self, features, n_classes, ps=0.5):
        super().__init__()
        self.bn1 = nn.BatchNorm1d(2 * features, eps=1e-5, momentum=0.1)
        self.drop1 = nn.Dropout(ps / 2)
        self.lin1 = nn.Linear(2 * features, 512, bias=False)
        self.bn2 = nn.BatchNorm1d(512, eps=1e-5, momentum=0.1)
        self.drop2 = nn.Dropout(ps)
        self.lin2 = nn.Linear(512, n_classes, bias=False)

    def forward(self, x):
        x = torch.cat([x.amax(dim=(2, 3)), x.mean(dim=(2, 3))], dim=1)
        x = self.lin1(self.drop1(self.bn1(x)))
        x = self.lin2(self.drop2(self.bn2(F.relu(x))))
        return x


class ResNet(nn.Module):
    def __init__(self, stages, n_classes, width=64):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn_relu(3, width, 7, 2), nn.MaxPool2d(3, stride=2, padding=1))
        blocks, cin = [], width
        for stage, count in enumerate(stages):
            cout = width * 2**stage
            for i in range(count):
                blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and i == 0 else 1))
                cin = cout
        self.stages = nn.Sequential(*blocks)
        self.head = FastaiHead(cin, n_classes)

    def forward(self, x):
        return self.head(self.stages(self.stem(x)))


def create_model(arch, input_size, n_classes):
    if arch == "simple-cnn":
        model = SimpleCnn(input_size, n_classes)
    elif arch == "resnet18":
        model = ResNet([2, 2, 2, 2], n_classes)
    else:
        raise SystemExit(f"unknown arch {arch}")
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model


# ----------------------------------------------------------------------------- training


def param_groups(model, wd):
    """deskfit's default: no weight decay on BatchNorm parameters and biases."""
    decay, no_decay = [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            bn = isinstance(module, nn.modules.batchnorm._BatchNorm)
            (no_decay if bn or name == "bias" else decay).append(p)
    return [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}]


def combined_cos(pct, start, middle, end):
    def cos(a, b, pos):
        return a + (1 + math.cos(math.pi * (1 - pos))) * (b - a) / 2

    def sched(pos):
        if pos < pct:
            return cos(start, middle, pos / pct)
        return cos(middle, end, (pos - pct) / (1 - pct))

    return sched


class OneCycle:
    """fastai's fit_one_cycle defaults, stepped before every batch like deskfit's paramScheduler."""

    def __init__(self, opt, lr_max, total):
        self.opt, self.total, self.step_no = opt, total, 0
        self.lr = combined_cos(0.25, lr_max / 25, lr_max, lr_max / 1e5)
        self.mom = combined_cos(0.25, 0.95, 0.85, 0.95)

    def before_batch(self):
        pos = self.step_no / self.total if self.total > 0 else 0
        for g in self.opt.param_groups:
            g["lr"] = self.lr(pos)
            g["betas"] = (self.mom(pos), 0.99)
        self.step_no += 1


def make_optimizer(model, wd):
    return torch.optim.AdamW(param_groups(model, wd), lr=1e-3, betas=(0.95, 0.99), eps=1e-5)


def to_batch(u8, mean, std, augment_params=None, padding="reflection"):
    """uint8 NHWC -> normalised float NCHW, augmented (as deskfit) before normalising."""
    x = torch.from_numpy(u8).permute(0, 3, 1, 2).float().div_(255)
    if augment_params is not None:
        x = augment(x, augment_params, padding)
    return (x - mean) / std


# ----------------------------------------------------------------------------- augmentation


def sample_aug(gen, n, max_rotate=10.0, max_zoom=1.1, p_affine=0.75, flip_p=0.5, max_lighting=0.2, p_lighting=0.75):
    """Per-image parameters with src/main/engine/augment/augParams.ts's distributions (no warp)."""
    u = torch.rand(n, 10, generator=gen, dtype=torch.float64)
    flip = u[:, 0] < flip_p
    rotate = torch.where(u[:, 1] < p_affine, -max_rotate + 2 * max_rotate * u[:, 2], torch.zeros(n, dtype=torch.float64))
    zoom_on = u[:, 3] < p_affine
    zoom = torch.where(zoom_on, 1 + (max_zoom - 1) * u[:, 4], torch.ones(n, dtype=torch.float64))
    cx = torch.where(zoom_on, u[:, 5], torch.full((n,), 0.5, dtype=torch.float64))
    cy = torch.where(zoom_on, u[:, 6], torch.full((n,), 0.5, dtype=torch.float64))
    brightness = torch.where(
        u[:, 7] < p_lighting, 0.5 * (1 - max_lighting) + max_lighting * u[:, 8], torch.full((n,), 0.5, dtype=torch.float64)
    )
    log_c = math.log(1 - max_lighting)
    u2 = torch.rand(n, 2, generator=gen, dtype=torch.float64)
    contrast = torch.where(u2[:, 0] < p_lighting, torch.exp(log_c + (-2 * log_c) * u2[:, 1]), torch.ones(n, dtype=torch.float64))
    return {"flip": flip, "rotate": rotate, "zoom": zoom, "cx": cx, "cy": cy, "brightness": brightness, "contrast": contrast}


def augment(x, p, padding):
    """flip . rotate . zoom in fastai's normalised coordinates (output -> source, align_corners),
    bilinear resampling with reflection padding, then brightness and contrast in logit space."""
    n = x.shape[0]
    t = p["rotate"] * math.pi / 180
    c, s = torch.cos(t), torch.sin(t)
    zs = 1 / p["zoom"]
    zoom = torch.zeros(n, 3, 3, dtype=torch.float64)
    zoom[:, 0, 0], zoom[:, 1, 1], zoom[:, 2, 2] = zs, zs, 1
    zoom[:, 0, 2] = (1 - zs) * (2 * p["cx"] - 1)
    zoom[:, 1, 2] = (1 - zs) * (2 * p["cy"] - 1)
    rot = torch.zeros(n, 3, 3, dtype=torch.float64)
    rot[:, 0, 0], rot[:, 0, 1], rot[:, 1, 0], rot[:, 1, 1], rot[:, 2, 2] = c, s, -s, c, 1
    flip = torch.eye(3, dtype=torch.float64).repeat(n, 1, 1)
    flip[:, 0, 0] = torch.where(p["flip"], -1.0, 1.0)
    m = flip @ rot @ zoom
    grid = F.affine_grid(m[:, :2, :].float(), list(x.shape), align_corners=True)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode=padding, align_corners=True)
    eps = 1e-7
    xc = x.clamp(eps, 1 - eps)
    z = torch.log(xc / (1 - xc))
    b = p["brightness"]
    scale = p["contrast"].float().view(n, 1, 1, 1)
    shift = (p["contrast"] * torch.log(b / (1 - b))).float().view(n, 1, 1, 1)
    return torch.sigmoid(z * scale + shift)


# ----------------------------------------------------------------------------- speed


def speed(args):
    if args.threads != "default":
        torch.set_num_threads(int(args.threads))
    threads = torch.get_num_threads()
    rows = []
    gen = np.random.default_rng(1)
    mean = torch.tensor([0.5, 0.5, 0.5]).view(1, 3, 1, 1)
    std = torch.tensor([0.25, 0.25, 0.25]).view(1, 3, 1, 1)
    for arch, size in [("simple-cnn", 32), ("simple-cnn", 64), ("resnet18", 32), ("resnet18", 64)]:
        if args.only and f"{arch}@{size}" not in args.only.split(","):
            continue
        torch.manual_seed(1)
        model = create_model(arch, size, 10)
        model.train()
        opt = make_optimizer(model, 0.01)
        total = args.batches + 1
        sched = OneCycle(opt, 1e-3, total)
        pixels = gen.integers(0, 256, size=(args.batch_size, size, size, 3), dtype=np.uint8)
        labels = torch.arange(args.batch_size) % 10
        times = []
        for _ in range(total):
            started = time.perf_counter()
            sched.before_batch()
            x = to_batch(pixels, mean, std)
            loss = F.cross_entropy(model(x), labels)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss.item()
            times.append(time.perf_counter() - started)
        warm = sorted(times[1:])
        median = warm[len(warm) // 2]
        rows.append(
            {
                "arch": arch,
                "size": size,
                "batchSize": args.batch_size,
                "imagesPerSecond": round(args.batch_size / median),
                "peakImagesPerSecond": round(args.batch_size / warm[0]),
            }
        )
    return {"torch": torch.__version__, "threads": threads, "rows": rows}


# ----------------------------------------------------------------------------- accuracy


def load_split(data_dir, split, size):
    u8 = np.fromfile(os.path.join(data_dir, f"{split}.u8"), dtype=np.uint8).reshape(-1, size, size, 3)
    labels = np.fromfile(os.path.join(data_dir, f"{split}.labels"), dtype=np.uint8).astype(np.int64)
    return u8, torch.from_numpy(labels)


@torch.no_grad()
def evaluate(model, u8, labels, mean, std, batch_size):
    model.eval()
    correct = 0
    for start in range(0, len(labels), batch_size):
        x = to_batch(u8[start : start + batch_size], mean, std)
        correct += (model(x).argmax(1) == labels[start : start + batch_size]).sum().item()
    return correct / len(labels)


def accuracy(args):
    with open(os.path.join(args.data, "meta.json")) as f:
        meta = json.load(f)
    if args.threads != "default":
        torch.set_num_threads(int(args.threads))
    size, bs = meta["size"], meta["batchSize"]
    mean = torch.tensor(meta["stats"]["mean"]).view(1, 3, 1, 1)
    std = torch.tensor(meta["stats"]["std"]).view(1, 3, 1, 1)
    train_x, train_y = load_split(args.data, "train", size)
    valid_x, valid_y = load_split(args.data, "valid", size)
    test_x, test_y = load_split(args.data, "test", size)
    runs = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        torch.manual_seed(seed)
        gen = torch.Generator().manual_seed(seed)
        model = create_model(meta["arch"], size, meta["nClasses"])
        opt = make_optimizer(model, meta["wd"])
        n = len(train_y)
        batches = math.ceil(n / bs)
        sched = OneCycle(opt, args.lr, args.epochs * batches)
        started = time.perf_counter()
        epochs = []
        for epoch in range(args.epochs):
            model.train()
            order = torch.randperm(n, generator=gen).numpy()
            loss_sum = 0.0
            for b in range(batches):
                idx = order[b * bs : (b + 1) * bs]
                params = sample_aug(gen, len(idx)) if meta["augment"] else None
                x = to_batch(train_x[idx], mean, std, params, meta.get("padding", "reflection"))
                sched.before_batch()
                loss = F.cross_entropy(model(x), train_y[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                loss_sum += loss.item() * len(idx)
            epochs.append({"epoch": epoch, "trainLoss": loss_sum / n, "accuracy": evaluate(model, valid_x, valid_y, mean, std, bs)})
        seconds = time.perf_counter() - started
        runs.append(
            {
                "seed": seed,
                "validAccuracy": epochs[-1]["accuracy"],
                "testAccuracy": evaluate(model, test_x, test_y, mean, std, bs),
                "seconds": round(seconds, 2),
                "imagesPerSecond": round(n * args.epochs / seconds),
                "epochs": epochs,
            }
        )
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "runs": runs}


def augment_check(args):
    """Applies deskfit's sampled parameters to the same images; returns how far from deskfit's output."""
    with open(os.path.join(args.data, "augment.json")) as f:
        d = json.load(f)
    n, size = d["n"], d["size"]
    images = torch.tensor(d["images"], dtype=torch.float32).view(n, size, size, 3).permute(0, 3, 1, 2)
    expected = torch.tensor(d["expected"], dtype=torch.float32).view(n, size, size, 3).permute(0, 3, 1, 2)
    p = d["params"]
    col = lambda key: torch.tensor([q[key] for q in p], dtype=torch.float64)
    params = {
        "flip": torch.tensor([q["flip"] for q in p]),
        "rotate": col("rotate"),
        "zoom": col("zoom"),
        "cx": torch.tensor([q["zoomCenter"][0] for q in p], dtype=torch.float64),
        "cy": torch.tensor([q["zoomCenter"][1] for q in p], dtype=torch.float64),
        "brightness": col("brightness"),
        "contrast": col("contrast"),
    }
    out = augment(images, params, d["padding"])
    return {"images": n, "maxAbsDiff": float((out - expected).abs().max())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("speed")
    s.add_argument("--threads", default="default")
    s.add_argument("--batches", type=int, default=8)
    s.add_argument("--batch-size", type=int, default=64)
    s.add_argument("--only", default="", help="comma-separated arch@size, e.g. simple-cnn@32")
    a = sub.add_parser("accuracy")
    a.add_argument("--data", required=True)
    a.add_argument("--epochs", type=int, required=True)
    a.add_argument("--lr", type=float, required=True)
    a.add_argument("--seeds", default="1")
    a.add_argument("--threads", default="default")
    g = sub.add_parser("augment-check")
    g.add_argument("--data", required=True)
    args = parser.parse_args()
    out = {"speed": speed, "accuracy": accuracy, "augment-check": augment_check}[args.command](args)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
