"""The domain of Sổ Chi Bộ and its storage, in plain Python (no Qt, no reportlab)."""
