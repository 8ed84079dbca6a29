"""Pixelforge engines: one diffusers pipeline per entry in ai-models.yaml."""
import torch
from diffusers import DiffusionPipeline

ENGINES = {
    "fast": "black-forest-labs/FLUX.1-schnell",
    "quality": "black-forest-labs/FLUX.1-dev",
    "styles": "stabilityai/stable-diffusion-xl-base-1.0",
    "typography": "stabilityai/stable-diffusion-3.5-large",
}


def load(engine: str) -> DiffusionPipeline:
    return DiffusionPipeline.from_pretrained(ENGINES[engine], torch_dtype=torch.bfloat16).to("cuda")
