"""careerbot: career advice on AI engineering versus machine-learning engineering."""
