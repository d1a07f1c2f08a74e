"""Quality tools: `wirehouse eval` (scores against gold) and `wirehouse train-ner`."""
