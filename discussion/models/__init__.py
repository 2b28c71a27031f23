from .comments import Comment
from .letters import Letter

__all__ = ["Comment", "Letter"]
