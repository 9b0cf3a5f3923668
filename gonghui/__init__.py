"""gonghui (工会): the day-to-day work of a Chinese trade union, recorded once."""

__version__ = "0.1.0"
