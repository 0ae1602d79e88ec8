"""Fine-tuning a text classifier (text → label)."""
