"""HelpDesk Copilot: retrieve, rerank, answer. Model ids match ai-models.yaml."""
from sentence_transformers import CrossEncoder, SentenceTransformer
from vllm import LLM, SamplingParams

EMBEDDER = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
RERANKER = CrossEncoder("cross-encoder/ms-marco-MiniLM-L-6-v2")
LLM_ = LLM("meta-llama/Llama-3.1-8B-Instruct")


def answer(question: str, index) -> str:
    hits = index.search(EMBEDDER.encode(question), k=20)
    scores = RERANKER.predict([(question, h.text) for h in hits])
    context = "\n\n".join(h.text for _, h in sorted(zip(scores, hits), reverse=True)[:4])
    prompt = f"Answer from the articles below.\n\n{context}\n\nQuestion: {question}"
    return LLM_.generate([prompt], SamplingParams(max_tokens=400))[0].outputs[0].text
