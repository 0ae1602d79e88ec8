"""Fine-tuning a causal language model (chat, prompt/response, raw text)."""
