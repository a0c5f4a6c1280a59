"""The demo story that ``manage.py load_demo`` tells: its data, apart from the code that loads it."""
