"""English texts: the class store's messages (lstm_viz.classroom)."""

TEXTS: dict[str, str] = {
    "class.no_such_code": "There is no class with this code. Check the code on the screen and try again.",
    "class.too_many_tries": "Too many wrong codes. Try again in {seconds:plural:second|seconds}.",
    "class.ended": "This class has ended.",
    "class.full": "This class is full: it already has {limit:plural:student|students}.",
    "class.bad_nickname": "This nickname cannot be used. Choose a shorter one (up to {limit} characters) or leave it empty.",
    "class.not_lecturer": "Only the lecturer of this class can do this.",
    "class.not_member": "You are not a member of this class. Join it with its code.",
    "class.bad_minutes": "A class lasts from {low} to {high} minutes.",
    "class.bad_drive": "This scene cannot be shown to the class.",
    "class.bad_question": "This question cannot be asked: check its kind, choices and right answer.",
    "class.no_question": "No question has been asked yet.",
    "class.question_closed": "This question is closed: answers are no longer accepted.",
    "class.bad_number": "Type a number, for example 0.5 (at most {limit:g} in absolute value).",
    "class.bad_choice": "Pick one of the {count} options.",
    "class.bad_challenge": "This attempt cannot be recorded.",
}
