"""Minutes: transcribe with Whisper, summarize with OLMo 2 (ids match ai-models.yaml)."""
from transformers import pipeline

asr = pipeline("automatic-speech-recognition", model="openai/whisper-large-v3")
summarizer = pipeline("text-generation", model="allenai/OLMo-2-1124-7B")


def minutes(audio_path: str) -> str:
    transcript = asr(audio_path, return_timestamps=True)["text"]
    prompt = f"Summarize this meeting and list the action items:\n\n{transcript}\n\nSummary:"
    return summarizer(prompt, max_new_tokens=512)[0]["generated_text"]
