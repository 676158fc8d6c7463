"""trainlab: the small, tested PyTorch training module behind the course's lessons and lab.

Read it top to bottom: devices, data, models, training, checkpoints. The lesson pages
embed its code, and the lab (`python -m trainlab`) runs on it.
"""

__version__ = "0.1.0"
