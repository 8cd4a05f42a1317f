"""What other apps ask of the articles app. The articles issue fills this in."""


def recommended_for_habit(habit_field: str, limit: int = 2) -> list:
    return []
