"""The feed on screen: list model, view, delegate, layout and painting, and what people do to posts."""
