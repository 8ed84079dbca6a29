"""Fieldnotes offline assistant: the bundled GGUF file and the tag suggester."""
from llama_cpp import Llama
from transformers import pipeline

assistant = Llama(model_path="models/llama-2-7b-chat.Q4_K_M.gguf", n_ctx=4096)  # TheBloke/Llama-2-7B-Chat-GGUF
tagger = pipeline("text-classification", model="notesmith/tagger-mini-v2", top_k=3)


def suggest_tags(note: str) -> list[str]:
    return [t["label"] for t in tagger(note)[0]]
