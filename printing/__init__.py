"""PDF documents in the party-document layout: pure functions from models' dataclasses to bytes."""
