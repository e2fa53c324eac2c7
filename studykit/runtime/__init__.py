"""The container-runtime simulator (pure), questions and diagrams generated from the model."""
