"""Terminal rendering with rich: renderables only, no prompts and no exit codes."""
