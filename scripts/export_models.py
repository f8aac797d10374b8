#!/usr/bin/env python3
"""Export the models that have no published ONNX file, for `deno task models` to load.

Run this where PyTorch is installed (it was NOT run in this project's CI: no PyTorch and no
Hugging Face access there); it writes each graph under the name and tensor signature that the
registry (models/registry.ts) expects, into the models directory:

  python3 scripts/export_models.py depth-anything-v2-metric indoor  [--out DIR]
  python3 scripts/export_models.py depth-anything-v2-metric outdoor [--out DIR]
  python3 scripts/export_models.py orient-anything --repo PATH/TO/Orient-Anything [--out DIR]

Requirements: torch, transformers, huggingface_hub (and, for orient-anything, a clone of the
Orient-Anything repository, whose `vision_tower.py` defines the network). DIR defaults to
$SPATIAL_MODELS_DIR, else ~/.cache/spatial-reasoner/models. Afterwards
`deno task models verify` lists the files and `deno task models doctor` says whether they run.
"""
import argparse
import os
import sys

import torch


def models_dir(arg):
    if arg:
        return arg
    if os.environ.get("SPATIAL_MODELS_DIR"):
        return os.environ["SPATIAL_MODELS_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spatial-reasoner", "models")


class DepthOnly(torch.nn.Module):
    """The transformers model with its output reduced to the `predicted_depth` tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model(pixel_values=pixel_values).predicted_depth


def export_depth_anything(kind, out):
    from transformers import AutoModelForDepthEstimation

    repo = f"depth-anything/Depth-Anything-V2-Metric-{kind.capitalize()}-Small-hf"
    model = DepthOnly(AutoModelForDepthEstimation.from_pretrained(repo).eval())
    path = os.path.join(out, f"depth_anything_v2_metric_{kind}_small.onnx")
    torch.onnx.export(
        model,
        (torch.randn(1, 3, 518, 686),),
        path,
        input_names=["pixel_values"],
        output_names=["predicted_depth"],
        dynamic_axes={
            "pixel_values": {0: "batch", 2: "height", 3: "width"},
            "predicted_depth": {0: "batch", 1: "height", 2: "width"},
        },
        opset_version=17,
    )
    return path


def export_orient_anything(repo_dir, out):
    from huggingface_hub import hf_hub_download

    sys.path.insert(0, repo_dir)
    from vision_tower import DINOv2_MLP  # noqa: E402  (from the user's clone)

    ckpt = hf_hub_download(repo_id="Viglong/Orient-Anything", filename="croplargeEX2/dino_weight.pt")
    model = DINOv2_MLP(
        dino_mode="large",
        in_dim=1024,
        out_dim=360 + 180 + 180 + 2,
        evaluate=True,
        mask_dino=False,
        frozen_back=False,
    )
    model.load_state_dict(torch.load(ckpt, map_location="cpu"))
    model.eval()
    path = os.path.join(out, "orient_anything.onnx")
    torch.onnx.export(
        model,
        (torch.randn(1, 3, 224, 224),),
        path,
        input_names=["pixel_values"],
        output_names=["logits"],
        dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=17,
    )
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="model", required=True)
    d = sub.add_parser("depth-anything-v2-metric")
    d.add_argument("kind", choices=["indoor", "outdoor"])
    d.add_argument("--out")
    o = sub.add_parser("orient-anything")
    o.add_argument("--repo", required=True, help="a clone of the Orient-Anything repository")
    o.add_argument("--out")
    args = p.parse_args()
    out = models_dir(args.out)
    os.makedirs(out, exist_ok=True)
    with torch.no_grad():
        if args.model == "depth-anything-v2-metric":
            path = export_depth_anything(args.kind, out)
        else:
            path = export_orient_anything(args.repo, out)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
